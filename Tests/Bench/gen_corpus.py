#!/usr/bin/env python3
"""Deterministic synthetic campaign for Herald's benchmark (`make bench`).

Writes, for one size (number of contestants), the same corpus twice:

  OUT/herald/content/   a campaign in Herald's content format (docs: /work/shared/SPEC.md, README.md):
                        site.yml, notices/*.md, projects/*.md (10), contest/{contest.yml, units.yml,
                        contestants/UNIT.yml}, media/contest/{placeholder-video.mp4, placeholder-cover.png}
  OUT/hugo/             the same pages as a Hugo site: hugo.toml, content/, static/, and the tiny
                        layouts of Tests/Bench/hugo-layouts/ copied in

Both sites have: home, notice list + one page per notice, project list + 10 project pages, contest
page, gallery page, one page per contestant, 404, feed, sitemap, robots.txt.

Only the Python 3 standard library is used. The output is a pure function of the arguments
(seeded `random.Random`, no clock, no environment), so every run and every machine gets the same
bytes. A stamp file makes a second run with the same arguments a no-op.

    python3 Tests/Bench/gen_corpus.py --contestants 3000 --out .build/bench/c3000
    python3 Tests/Bench/gen_corpus.py --contestants 300 --out /tmp/c300 --real-images

--real-images gives every contestant a distinct 720x1280 cover (instead of one shared 180x320 PNG),
so Herald's libvips thumbnailing runs once per contestant. JPEGs are made with ffmpeg when it is on
PATH (one ffmpeg process for all frames, bit-exact flags), otherwise PNGs with zlib.
"""
import argparse
import base64
import hashlib
import json
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import zlib

GENERATOR_VERSION = 4
HERE = os.path.dirname(os.path.abspath(__file__))

# A 90x160, 2 s, H.264 portrait MP4 (moov first): the repository's
# content/media/contest/sample-video.mp4, made by content/media/contest/make-sample-media.sh.
PLACEHOLDER_MP4 = base64.b64decode("""
AAAAIGZ0eXBpc29tAAACAGlzb21pc28yYXZjMW1wNDEAAANSbW9vdgAAAGxtdmhkAAAAAAAAAAAAAAAAAAAD6AAAB9AAAQAAAQAA
AAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAA
AqF0cmFrAAAAXHRraGQAAAADAAAAAAAAAAAAAAABAAAAAAAAB9AAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAABAAAA
AAAAAAAAAAAAAABAAAAAAFoAAACgAAAAAAAkZWR0cwAAABxlbHN0AAAAAAAAAAEAAAfQAAAAAAABAAAAAAIZbWRpYQAAACBtZGhk
AAAAAAAAAAAAAAAAAAAoAAAAUABVxAAAAAAALWhkbHIAAAAAAAAAAHZpZGUAAAAAAAAAAAAAAABWaWRlb0hhbmRsZXIAAAABxG1p
bmYAAAAUdm1oZAAAAAEAAAAAAAAAAAAAACRkaW5mAAAAHGRyZWYAAAAAAAAAAQAAAAx1cmwgAAAAAQAAAYRzdGJsAAAAvHN0c2QA
AAAAAAAAAQAAAKxhdmMxAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAFoAoABIAAAASAAAAAAAAAABDExhdmMgbGlieDI2NAAAAAAA
AAAAAAAAAAAAAAAAAAAAGP//AAAAMmF2Y0MBQsAM/+EAGWdCwAymERhXk8BEAAADAAQAAAMAUDxQqEYBAAZoyEIDEsgAAAAQcGFz
cAAAAAEAAAABAAAAFGJ0cnQAAAAAAAAXSAAAF0gAAAAYc3R0cwAAAAAAAAABAAAAFAAABAAAAAAUc3RzcwAAAAAAAAABAAAAAQAA
ABxzdHNjAAAAAAAAAAEAAAABAAAAFAAAAAEAAABkc3RzegAAAAAAAAAAAAAAFAAAAvIAAAAiAAAATAAAABwAAAAoAAAAIAAAADMA
AAAqAAAAKAAAABwAAAAnAAAALAAAACAAAAAhAAAAKQAAACoAAAAnAAAAHgAAACQAAAAdAAAAFHN0Y28AAAAAAAAAAQAAA4IAAAA9
dWR0YQAAADVtZXRhAAAAAAAAACFoZGxyAAAAAAAAAABtZGlyYXBwbAAAAAAAAAAAAAAAAAhpbHN0AAAACGZyZWUAAAXabWRhdAAA
AnMGBf//b9xF6b3m2Ui3lizYINkj7u94MjY0IC0gY29yZSAxNjQgcjMwOTUgYmFlZTQwMCAtIEguMjY0L01QRUctNCBBVkMgY29k
ZWMgLSBDb3B5bGVmdCAyMDAzLTIwMjIgLSBodHRwOi8vd3d3LnZpZGVvbGFuLm9yZy94MjY0Lmh0bWwgLSBvcHRpb25zOiBjYWJh
Yz0wIHJlZj0xNiBkZWJsb2NrPTE6MDowIGFuYWx5c2U9MHgxOjB4MTMxIG1lPXVtaCBzdWJtZT0xMCBwc3k9MSBwc3lfcmQ9MS4w
MDowLjAwIG1peGVkX3JlZj0xIG1lX3JhbmdlPTI0IGNocm9tYV9tZT0xIHRyZWxsaXM9MiA4eDhkY3Q9MCBjcW09MCBkZWFkem9u
ZT0yMSwxMSBmYXN0X3Bza2lwPTEgY2hyb21hX3FwX29mZnNldD0tMiB0aHJlYWRzPTMgbG9va2FoZWFkX3RocmVhZHM9MSBzbGlj
ZWRfdGhyZWFkcz0wIG5yPTAgZGVjaW1hdGU9MSBpbnRlcmxhY2VkPTAgYmx1cmF5X2NvbXBhdD0wIGNvbnN0cmFpbmVkX2ludHJh
PTAgYmZyYW1lcz0wIHdlaWdodHA9MCBrZXlpbnQ9MjUwIGtleWludF9taW49MTAgc2NlbmVjdXQ9NDAgaW50cmFfcmVmcmVzaD0w
IHJjX2xvb2thaGVhZD02MCByYz1jcmYgbWJ0cmVlPTEgY3JmPTM4LjAgcWNvbXA9MC42MCBxcG1pbj0wIHFwbWF4PTY5IHFwc3Rl
cD00IGlwX3JhdGlvPTEuNDAgYXE9MToxLjAwAIAAAAB3ZYiCLiJg+ADIMAFDAADSPifHfPm4758T47583/PqO+aguWQwVxJMd8SS
v4kn0ST/OQ5MOk0wXLIYKGKEk/ykEz6XOiRqtYiMA1wpBgKGKPRMHaRbWlp4idx2ta666euuuuunrrrrrp666666euuuuunrrrrr
p8AAAAAeQZocXfWuCv/94+TFeMr8E3wp+8KX/Ffk83m83m80AAAASEGaKhdYd///4hfhDoYsUT4L/fLLfgfAz4PvQp3QmCHELnXO
udc65/P5/P5/P5/P5/P5/P5/P5/P5/P5/P5/P5/P5/P5/P5+oAAAABhBmjsXJg3+Cv/IKJ664y6ju+uOsT4hYJoAAAAkQZpJBfwl
4Kfx//+IX++Jri/5voZDM6YxfYhcQv83zfN83zfNAAAAHEGaWUJyYEn/iFkwtrhGT6EItiFnrm+b5vm+b7gAAAAvQZppgn4FziFs
QuMX39iCfAo/i/AucUTf7/6hLwLXuGu+/k+vk+vk+vk+vk+vk+oAAAAmQZp5wn8V/iFxC4xV7EKv1/VdCl+E/16R/1cCpLP/zfN8
3zfN80AAAAAkQZqIgJ/Fdf3/8fiFf9V/Cfz4pf5RS/2IQI7+Q6183zfN83zQAAAAGEGamJF/CH98X//jF1f/P/YhcUvzzS8EsAAA
ACNBmqihfwl11f8f+tf/H4hZOOoUt8/8k/XyHghr5vm+b5vmgAAAAChBmrixfx3/z0MSesYrt/Lwn/JxO//6EIEdV18n18n18n18
n18n18n1AAAAHEGayMF/HL38nH/ycfXyfQmCGT5q5vm+b5vm+oAAAAAdQZrY0J/CXX3361/1ycI/9cnCP8q//m+b5vm+b5oAAAAl
QZro4X8Jf9fx/QFjjFFdfr+Suvk9exRL/kX/wr/N83zfN83zQAAAACZBmvjwn4OgTf9/wv/8M//P199XBjl//qvvq/+Xhv+b5vm+
b5vmgAAAACNBmwBP4Y+L/+L//Wv5OP+N5YCalFEb/kf/wj/N8v/zfN83zQAAABpBmxBP4e6+v4Zv+uU8Ed8ffzfN83zfN83zQAAA
ACBBmyBP4e6+v4V7/hv/rqv4qjwQy8X/JxdfN83zfN83zQAAABlBmzBP4a/6++/quT6vk+V/Df83zfN83zfN
""")

# ----------------------------------------------------------------------------------------------
# Word pools (fictional data)

SURNAMES = ("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 "
            "彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 "
            "石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵").split()
GIVEN = ("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 玉 萍 红 建 文 辉 "
         "鹏 婷 宇 欣 雪 晨 浩 俊 梦 瑶 慧 志 海 晓 雯 亮 佳 琳 雨 思 子 嘉 凯 鑫 颖 倩 博 旭 峰 春").split()
SONGS = ["我和我的祖国", "我爱你中国", "灯火里的中国", "不忘初心", "春天的故事", "我的中国心", "少年",
         "在希望的田野上", "天路", "青藏高原", "为了谁", "时间都去哪儿了", "领航", "追寻", "强军战歌",
         "光荣与梦想", "十五的月亮", "今天是你的生日，中国", "走进新时代", "祝福祖国", "花开在眼前",
         "谁料皇榜中状元（黄梅戏《女驸马》选段）", "夫妻双双把家还（黄梅戏《天仙配》选段）", "山丹丹开花红艳艳",
         "映山红", "英雄赞歌", "我们是黄河泰山", "守住这一片阳光", "万疆", "奋斗吧中华儿女"]
OCCUPATIONS = ["车间装配工", "货车司机", "中学教师", "护士", "医学检验师", "快递员", "电力巡线工", "焊工",
               "纺织挡车工", "质检员", "出租车司机", "公交车驾驶员", "社区工作者", "会计", "工程师", "厨师",
               "环卫工人", "化工操作工", "数控机床操作工", "客服专员", "乡村医生", "仓库管理员", "铁路调度员",
               "建筑工人", "茶叶加工技师", "银行柜员", "外卖骑手", "列车员", "汽车维修工", "幼儿园教师"]
TRADES = ["物流", "汽车零部件", "纺织", "玻璃制品", "电子科技", "建材", "食品", "化工", "机械制造", "医药",
          "新能源", "家电", "茶业", "建筑安装", "客运", "商贸", "环境服务", "供水", "印刷", "信息技术"]
BIO_PARTS = [("从小爱唱歌，", "车间里的“{b}”就是{p}。"), ("工作之余坚持练声，", "曾获得单位职工才艺大赛{b}。"),
             ("常年奔波在一线，", "驾驶室是他的“{b}”。"), ("参加工作十余年，", "是同事们公认的{b}。"),
             ("业余时间参加", "**志愿者文艺宣传队**，常到社区演出{b}。")]
BIO_FILL = ["移动练歌房", "第一名", "一等奖", "文艺骨干", "金嗓子", "百余场", "好声音"]

CITIES = [("hefei", "合肥市"), ("wuhu", "芜湖市"), ("bengbu", "蚌埠市"), ("huainan", "淮南市"),
          ("maanshan", "马鞍山市"), ("huaibei", "淮北市"), ("tongling", "铜陵市"), ("anqing", "安庆市"),
          ("huangshan", "黄山市"), ("chuzhou", "滁州市"), ("fuyang", "阜阳市"), ("suzhou", "宿州市"),
          ("luan", "六安市"), ("bozhou", "亳州市"), ("chizhou", "池州市"), ("xuancheng", "宣城市")]
COUNTIES = [("guangde", "广德市"), ("susong", "宿松县")]
INDUSTRIES = [("jkwwt", "安徽省教科文卫体工会"), ("power", "安徽省电力工会"), ("coal", "安徽省煤矿工会"),
              ("metal", "安徽省机械冶金工会"), ("finance", "安徽省金融工会"), ("transport", "安徽省交通运输工会")]
KIND_GROUP = {"city": "地市", "county": "地市", "industry": "产业（行业）工会", "member": "独立会员单位"}

PROJECTS = [("songs", "网络正能量歌曲征集", "六安市总工会"), ("micro-videos", "网络正能量微视频征集", "宿州市总工会"),
            ("animation", "网络正能量动漫作品征集", "阜阳市总工会"), ("photography", "网络正能量摄影作品征集", "宣城市总工会"),
            ("recitation", "网络正能量诵读作品征集", "亳州市总工会"), ("net-influencers", "正能量职工网络达人征集", "滁州市总工会"),
            ("online-commentary", "优秀网评文章征集", "蚌埠市总工会"), ("service-platforms", "互联网+工会普惠服务优秀平台征集", "淮北市总工会"),
            ("ai-cases", "AI应用案例征集", "合肥市总工会"), ("innovative-activities", "网络正能量创新活动征集", "安庆市总工会")]

NOTICE_TOPICS = ["职工书屋建设", "劳动技能竞赛", "困难职工帮扶", "职工疗休养", "女职工关爱行动", "新就业形态劳动者入会",
                 "安全生产月", "职工心理健康服务", "工会财务管理", "劳模工匠宣传", "职工文化体育活动", "网络安全宣传周",
                 "普惠服务", "工会干部培训", "集体协商", "夏季送清凉", "金秋助学", "职工创新工作室", "户外劳动者驿站", "网络文明志愿服务"]
ISSUERS = ["安徽省总工会", "中共安徽省委网信办", "安徽省职工文化体育协会", "安徽省教科文卫体工会"]
SECTION_TITLES = ["总体要求", "主要内容", "时间安排", "组织实施", "工作要求", "保障措施", "有关事项", "报送方式"]
ORDINALS = "一二三四五六七八九十"
SENTENCES = [
    "坚持以职工为中心的工作导向，把{t}作为服务职工的重要抓手，推动各项措施落地见效。",
    "各级工会要结合本地区本单位实际，细化工作方案，明确责任分工，确保{t}扎实有序开展。",
    "充分发挥基层工会组织作用，深入企业、车间、班组，广泛宣传{t}的政策和做法。",
    "加强与有关部门的沟通协作，形成工作合力，及时研究解决{t}中遇到的困难和问题。",
    "注重总结推广典型经验，挖掘一批可复制、可推广的好做法，扩大{t}的覆盖面和影响力。",
    "严格落实中央八项规定精神，坚决防止形式主义、官僚主义，切实减轻基层负担。",
    "做好经费保障和安全管理，确保活动期间人员、场地和信息安全。",
    "请各单位于每季度末前报送{t}进展情况，重要情况随时报告。",
    "要采用职工群众喜闻乐见的方式，不断提高{t}的参与率和满意度。",
    "把{t}与产业工人队伍建设改革、工会数智化建设结合起来，突出安徽特色，叫响“工”字品牌。",
]
CLOSINGS = ["特此通知。", "请认真贯彻执行。", "请结合实际抓好落实。"]


def q(text):
    """A YAML single-quoted scalar."""
    return "'" + str(text).replace("'", "''") + "'"


# ----------------------------------------------------------------------------------------------
# Images

def png(width, height, row_colour):
    """An RGB PNG; row_colour(y) -> bytes of one row (3*width bytes)."""
    raw = b"".join(b"\x00" + row_colour(y) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def gradient_png(width, height, c0, c1, bands=6):
    """A vertical gradient from c0 to c1 with `bands` vertical stripes of varying brightness."""
    def row(y):
        t = y / max(1, height - 1)
        base = [int(c0[i] + (c1[i] - c0[i]) * t) for i in range(3)]
        out = []
        band_w = width // bands
        for b in range(bands):
            w = band_w if b < bands - 1 else width - band_w * (bands - 1)
            k = 0.75 + 0.05 * b
            out.append(bytes(min(255, int(v * k)) for v in base) * w)
        return b"".join(out)
    return png(width, height, row)


def hue_colour(i, s, v, shift=0.0):
    h = (i * 137.508 + shift) % 360
    c = v * s
    x = c * (1 - abs((h / 60) % 2 - 1))
    m = v - c
    r, g, b = [(c, x, 0), (x, c, 0), (0, c, x), (0, x, c), (x, 0, c), (c, 0, x)][int(h // 60) % 6]
    return tuple(int((u + m) * 255 + 0.5) for u in (r, g, b))


def write_real_covers(paths, directory):
    """One distinct 720x1280 cover per contestant: JPEG through ffmpeg if present, else PNG."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg:
        tmp = os.path.join(directory, ".frames")
        os.makedirs(tmp, exist_ok=True)
        # A slowly changing gradient: every frame differs, so every cover has its own bytes.
        subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                        "gradients=s=720x1280:seed=7:r=25:n=4:speed=0.02:d=%d" % (len(paths) // 25 + 2),
                        "-frames:v", str(len(paths)), "-pix_fmt", "yuvj420p", "-q:v", "4",
                        "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1",
                        os.path.join(tmp, "%06d.jpg")], check=True)
        for i, path in enumerate(paths):
            os.replace(os.path.join(tmp, "%06d.jpg" % (i + 1)), path)
        shutil.rmtree(tmp)
    else:
        for i, path in enumerate(paths):
            with open(path, "wb") as f:
                f.write(gradient_png(720, 1280, hue_colour(i, 0.55, 0.92), hue_colour(i, 0.7, 0.55, 40)))


# ----------------------------------------------------------------------------------------------
# The corpus, as plain data

class Corpus:
    def __init__(self, contestants, notices, seed, real_images):
        self.rng = random.Random(seed)
        self.size = contestants
        self.notice_count = notices
        self.real_images = real_images
        self.units = []        # (id, name, kind)
        self.contestants = []  # dicts
        self.notices = []      # dicts
        self.make_units_and_contestants()
        self.make_notices()

    def make_units_and_contestants(self):
        n = self.size
        rng = self.rng
        # Shares as in a real contest: cities 40 %, the two counties 5 %, industry unions 15 %,
        # member units (3 each, the notice's quota) 40 %.
        member_units = max(3, round(n * 0.40 / 3))
        member_total = min(n - 24, member_units * 3) if n > 60 else min(n // 3, member_units * 3)
        member_units = math.ceil(member_total / 3) if member_total else 0
        county_total = max(2, round(n * 0.05)) if n >= 40 else 0
        industry_total = max(6, round(n * 0.15)) if n >= 40 else 0
        city_total = n - member_total - county_total - industry_total
        assert city_total >= 0, (n, member_total, county_total, industry_total)

        plan = []  # (unit id, unit name, kind, count, place name for employers)

        def spread(pool, kind, total, suffix):
            for i, (uid, city) in enumerate(pool):
                count = total // len(pool) + (1 if i < total % len(pool) else 0)
                plan.append((uid, city + suffix, kind, count, city if kind != "industry" else "安徽省"))
        spread(CITIES, "city", city_total, "总工会")
        spread(COUNTIES, "county", county_total, "总工会")
        spread(INDUSTRIES, "industry", industry_total, "")
        left = member_total
        for m in range(member_units):
            city = CITIES[m % len(CITIES)][1]
            trade = TRADES[(m // len(CITIES)) % len(TRADES)]
            plan.append(("m%05d" % (m + 1), "%s某某%s股份有限公司（%d）工会" % (city, trade, m + 1), "member", min(3, left), city))
            left -= min(3, left)

        seen_people = set()
        self.quotas = {"city": 20, "industry": 20, "county": 8, "member": 3}
        for uid, uname, kind, count, place in plan:
            self.units.append((uid, uname, kind))
            self.quotas[kind] = max(self.quotas[kind], count)
            for k in range(count):
                while True:
                    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
                    employer = "%s某某%s有限公司" % (place, rng.choice(TRADES))
                    if (name, employer) not in seen_people:
                        seen_people.add((name, employer))
                        break
                cid = "%s-%03d" % (uid, k + 1)
                lead, tail = rng.choice(BIO_PARTS)
                bio = lead + tail.format(b=rng.choice(BIO_FILL), p=rng.choice(["**车间歌王**", "**厂区百灵鸟**", "她"]))
                day = rng.randint(26, 61)  # 2024-06-26 .. 2024-07-31
                month, dom = (6, day) if day <= 30 else (7, day - 30)
                self.contestants.append({
                    "id": cid, "unit": uid, "unit_name": uname, "kind": kind, "name": name,
                    "employer": employer, "occupation": rng.choice(OCCUPATIONS), "song": rng.choice(SONGS),
                    "submitted_at": "2024-%02d-%02dT%02d:%02d:00+08:00" % (month, dom, rng.randint(7, 22), rng.randint(0, 59)),
                    "bio": bio,
                    "phone": "139%08d" % (len(self.contestants) + 1),
                    "id_number": "340000%04d%02d%02d%04d" % (rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 9999)),
                    "cover": "media/contest/%s/%s.jpg" % (uid, cid) if self.real_images else "media/contest/placeholder-cover.png",
                })

    def make_notices(self):
        rng = self.rng
        for i in range(self.notice_count):
            topic = NOTICE_TOPICS[i % len(NOTICE_TOPICS)]
            day = 1 + (i * 211) % 212  # spread over 2024-01-01 .. 2024-07-30
            month = 1
            for length in (31, 29, 31, 30, 31, 30, 31):
                if day > length:
                    day -= length
                    month += 1
            issuers = sorted(rng.sample(ISSUERS, rng.choice((1, 1, 2))), key=ISSUERS.index)
            blocks = []  # ("p", text) | ("h", text) | ("ol", [..]) | ("table", rows) | ("link", kind, target, text)
            blocks.append(("p", "为深入贯彻落实省总工会年度工作部署，进一步做好%s工作，现将有关事项通知如下。" % topic))
            for s in range(rng.randint(3, 5)):
                blocks.append(("h", "%s、%s" % (ORDINALS[s], SECTION_TITLES[(s + i) % len(SECTION_TITLES)])))
                for _ in range(rng.randint(1, 3)):
                    lead = "**（%s）%s**。" % (ORDINALS[rng.randrange(6)], rng.choice(["提高认识", "精心组织", "加强宣传", "注重实效", "按时报送"])) if rng.random() < 0.5 else ""
                    blocks.append(("p", lead + "".join(rng.choice(SENTENCES).format(t=topic) for _ in range(rng.randint(2, 5)))))
                if rng.random() < 0.3:
                    blocks.append(("ol", [rng.choice(SENTENCES).format(t=topic) for _ in range(rng.randint(2, 4))]))
                if rng.random() < 0.15:
                    blocks.append(("table", [["单位", "名额", "截止日期"]] +
                                   [[c[1] + "总工会", str(rng.randint(1, 20)), "2024年%d月%d日" % (month, min(28, day + 10))]
                                    for c in rng.sample(CITIES, 3)]))
            project = rng.randrange(len(PROJECTS))
            blocks.append(("link", "project", project, "具体要求见子项目“%s”的说明" % PROJECTS[project][1]))
            if i > 0:
                other = rng.randrange(i)
                blocks.append(("link", "notice", other, "此前印发的%s" % self.notices[other]["title"]))
            blocks.append(("p", rng.choice(CLOSINGS)))
            self.notices.append({
                "slug": "notice-%05d" % (i + 1),
                "title": "关于做好2024年%s工作的通知（第%d号）" % (topic, i + 1),
                "date": "2024-%02d-%02d" % (month, day),
                "doc_number": "皖工办〔2024〕%d号" % (i + 1),
                "issuers": issuers,
                "addressees": "各市总工会，广德市、宿松县总工会，省直、省产业工会",
                "contact": {"name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                            "phone": "0551-6277%04d" % rng.randint(0, 9999), "org": issuers[0] + "办公室"},
                "blocks": blocks,
            })


# ----------------------------------------------------------------------------------------------
# Markdown bodies: the same blocks, links spelled for each tool

def body(blocks, link):
    out = []
    for block in blocks:
        kind = block[0]
        if kind == "p":
            out.append(block[1])
        elif kind == "h":
            out.append("## " + block[1])
        elif kind == "ol":
            out.append("\n".join("%d. %s" % (n + 1, item) for n, item in enumerate(block[1])))
        elif kind == "table":
            rows = block[1]
            lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * len(rows[0])]
            lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            out.append("\n".join(lines))
        elif kind == "link":
            out.append("有关事项详见[%s](%s)。" % (block[3], link(block[1], block[2])))
    return "\n\n".join(out) + "\n"


def project_slug(n):
    return "%02d-%s" % (n + 1, PROJECTS[n][0])


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode, encoding=None if "b" in mode else "utf-8", newline=None if "b" in mode else "\n") as f:
        f.write(text)


SITE_TITLE = "安徽省工会“好网民”主题活动与首届职工歌手大赛（基准测试）"
BASE_URL = "https://campaign.example.org/campaign/2024/"
DESCRIPTION = "Herald 基准测试用的合成站点：通知、10个子项目和职工歌手大赛。"


def write_herald(corpus, root):
    c = os.path.join(root, "content")
    write(os.path.join(c, "site.yml"), "\n".join([
        "title: " + q(SITE_TITLE), "base_url: " + BASE_URL, "language: zh-CN", "timezone: Asia/Shanghai",
        "organizer: 安徽省总工会", "description: " + q(DESCRIPTION), "feed:", "  limit: 20", ""]))

    def link(kind, target):
        return "../projects/%s.md" % project_slug(target) if kind == "project" else "%s.md" % corpus.notices[target]["slug"]
    for n in corpus.notices:
        front = ["---", "title: " + q(n["title"]), "date: " + n["date"], "doc_number: " + q(n["doc_number"]),
                 "issuers: [%s]" % ", ".join(n["issuers"]), "addressees: " + q(n["addressees"]), "slug: " + n["slug"],
                 "attachments:", "  - {title: 各子项目承办单位及主要内容, href: ../projects/}",
                 "contacts:", "  - {name: %s, phone: %s, org: %s}" % (n["contact"]["name"], q(n["contact"]["phone"]), n["contact"]["org"]),
                 "---", ""]
        write(os.path.join(c, "notices", n["slug"] + ".md"), "\n".join(front) + body(n["blocks"], link))
    for i, (slug, title, host) in enumerate(PROJECTS):
        front = ["---", "number: %d" % (i + 1), "title: " + q(title), "host: " + host, "slug: " + slug,
                 "contacts:", "  - {name: 联系人%d, phone: '0551-6260%04d', org: %s}" % (i + 1, i, host), "---", ""]
        write(os.path.join(c, "projects", project_slug(i) + ".md"),
              "\n".join(front) + project_body(i))

    m = os.path.join(c, "media", "contest")
    write(os.path.join(m, "placeholder-video.mp4"), PLACEHOLDER_MP4, "wb")
    if not corpus.real_images:
        write(os.path.join(m, "placeholder-cover.png"), gradient_png(180, 320, (200, 16, 46), (255, 215, 0)), "wb")
    contest = os.path.join(c, "contest")
    qt = corpus.quotas
    write(os.path.join(contest, "contest.yml"), "\n".join([
        "# Generated by Tests/Bench/gen_corpus.py: quotas and capacity sized to the corpus.",
        "name: 安徽省首届职工歌手大赛", "organizer: 安徽省职工文化体育协会", "stages:",
        "  - {key: submit,  title: 报名初选, until: 2024-07-31}",
        "  - {key: rematch, title: 复赛（网络投票）, from: 2024-08-07, until: 2024-08-16}",
        "  - {key: final,   title: 决赛, from: 2024-09-10, until: 2024-09-15}",
        "submission:", "  deadline: 2024-07-31T23:59:00+08:00", "  formats: [mp4, mov]", '  aspect: "9:16"',
        "  max_size_mb: 30", "  max_duration_s: 300", "  solo_only: true",
        "quotas: {city: %d, industry: %d, county: %d, member: %d}" % (qt["city"], qt["industry"], qt["county"], qt["member"]),
        "rematch:", "  capacity: %d" % max(300, corpus.size), "  advance: 30",
        "  vote_url: https://vote.example.org/singer/{id}", "  weights: {votes: 40, judges: 60}",
        "  vote_scale: max", "  judges_trim: 0",
        "final:", "  weights: {judges: 80, rematch: 6, quiz: 7, talent: 7}", "  judges_trim: 1",
        "awards: {top: 10, popularity: 1, organization: 5}", ""]))
    write(os.path.join(contest, "units.yml"),
          "".join("- {id: %s, name: %s, kind: %s}\n" % (uid, q(name), kind) for uid, name, kind in corpus.units))
    by_unit = {}
    for person in corpus.contestants:
        by_unit.setdefault(person["unit"], []).append(person)
    for uid, people in by_unit.items():
        lines = ["unit: " + uid, "contestants:"]
        for p in people:
            lines += ["  - id: " + p["id"], "    name: " + p["name"], "    employer: " + p["employer"],
                      "    occupation: " + p["occupation"], "    song: " + q(p["song"]),
                      "    video: media/contest/placeholder-video.mp4", "    cover: " + p["cover"],
                      "    performers: 1", "    submitted_at: " + p["submitted_at"], "    copyright_reserved: false",
                      "    bio: " + q(p["bio"]), '    phone: "%s"' % p["phone"], '    id_number: "%s"' % p["id_number"], ""]
        write(os.path.join(contest, "contestants", uid + ".yml"), "\n".join(lines))
    if corpus.real_images:
        paths = [os.path.join(c, p["cover"]) for p in corpus.contestants]
        for path in paths:
            os.makedirs(os.path.dirname(path), exist_ok=True)
        write_real_covers(paths, m)


def project_body(i):
    slug, title, host = PROJECTS[i]
    return ("## 活动内容\n\n面向全省职工开展%s，由%s承办，协助省总工会完成活动宣传、组织推进、作品收集整理工作。\n\n"
            "## 参与方式\n\n职工网民或单位可登录活动平台了解活动规则，根据规则参与活动或提交作品。\n" % (title, host))


def write_hugo(corpus, root):
    if os.path.isdir(os.path.join(root, "layouts")):
        shutil.rmtree(os.path.join(root, "layouts"))
    shutil.copytree(os.path.join(HERE, "hugo-layouts"), os.path.join(root, "layouts"))
    write(os.path.join(root, "hugo.toml"), "\n".join([
        'baseURL = "%s"' % BASE_URL, 'languageCode = "zh-CN"', 'title = "%s"' % SITE_TITLE,
        "hasCJKLanguage = true", "enableRobotsTXT = true", 'disableKinds = ["taxonomy", "term"]',
        "paginate = 20", "disableAliases = true",
        "[outputs]", '  home = ["HTML", "RSS", "JSON"]', '  section = ["HTML"]', '  page = ["HTML"]',
        "[params]", '  description = "%s"' % DESCRIPTION, '  organizer = "安徽省总工会"',
        "[markup.goldmark.renderer]", "  unsafe = false", ""]))
    c = os.path.join(root, "content")
    write(os.path.join(c, "_index.md"), "---\ntitle: " + q(SITE_TITLE) + "\n---\n")
    write(os.path.join(c, "notices", "_index.md"), "---\ntitle: 通知公告\n---\n")
    write(os.path.join(c, "projects", "_index.md"), "---\ntitle: 子项目\n---\n")
    write(os.path.join(c, "contest", "_index.md"), "---\ntitle: 安徽省首届职工歌手大赛\n---\n\n"
          "报名初选至2024年7月31日；复赛（网络投票）2024年8月7日至8月16日；决赛2024年9月10日至9月15日。\n")
    write(os.path.join(c, "contest", "gallery.md"), "---\ntitle: 复赛选手作品\ntype: gallery\n---\n")
    write(os.path.join(c, "contest", "results.md"), "---\ntitle: 比赛结果\ntype: results\n---\n")
    write(os.path.join(c, "search.md"), "---\ntitle: 站内搜索\ntype: search\n---\n")

    def link(kind, target):
        return "../../projects/%s/" % PROJECTS[target][0] if kind == "project" else "../%s/" % corpus.notices[target]["slug"]
    for n in corpus.notices:
        front = ["---", "title: " + q(n["title"]), "date: " + n["date"], "doc_number: " + q(n["doc_number"]),
                 "issuers: [%s]" % ", ".join(n["issuers"]), "addressees: " + q(n["addressees"]), "slug: " + n["slug"],
                 "attachments:", "  - {title: 各子项目承办单位及主要内容, href: ../../projects/}",
                 "contacts:", "  - {name: %s, org: %s}" % (n["contact"]["name"], n["contact"]["org"]), "---", ""]
        write(os.path.join(c, "notices", n["slug"] + ".md"), "\n".join(front) + body(n["blocks"], link))
    for i, (slug, title, host) in enumerate(PROJECTS):
        front = ["---", "title: " + q(title), "weight: %d" % (i + 1), "host: " + host, "slug: " + slug, "---", ""]
        write(os.path.join(c, "projects", project_slug(i) + ".md"), "\n".join(front) + project_body(i))
    for p in corpus.contestants:
        cover = p["cover"]
        front = ["---", "title: " + p["name"], "type: singer",
                 "unit: " + p["unit"], "unit_name: " + q(p["unit_name"]), "group: " + KIND_GROUP[p["kind"]],
                 "employer: " + p["employer"], "occupation: " + p["occupation"], "song: " + q(p["song"]),
                 "video: media/contest/placeholder-video.mp4", "cover: " + cover, "---", ""]
        write(os.path.join(c, "contest", "singers", p["id"] + ".md"), "\n".join(front) + p["bio"] + "\n")
    s = os.path.join(root, "static", "media", "contest")
    write(os.path.join(s, "placeholder-video.mp4"), PLACEHOLDER_MP4, "wb")
    herald_media = os.path.join(os.path.dirname(root), "herald", "content", "media", "contest")
    if corpus.real_images:  # the same files as Herald's covers (Hugo publishes them as they are)
        for p in corpus.contestants:
            target = os.path.join(root, "static", p["cover"])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(os.path.dirname(root), "herald", "content", p["cover"]), target)
    else:
        shutil.copyfile(os.path.join(herald_media, "placeholder-cover.png"), os.path.join(s, "placeholder-cover.png"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--contestants", type=int, required=True, help="number of contestants (>= 60)")
    ap.add_argument("--notices", type=int, help="number of notices (default: contestants / 10, at least 3)")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--real-images", action="store_true", help="a distinct 720x1280 cover per contestant")
    ap.add_argument("--out", required=True, help="folder to write herald/ and hugo/ into (replaced)")
    ap.add_argument("--force", action="store_true", help="regenerate even if the stamp matches")
    args = ap.parse_args()
    if args.contestants < 60:
        ap.error("--contestants must be at least 60")
    notices = args.notices if args.notices is not None else max(3, args.contestants // 10)
    layouts_digest = hashlib.sha256()
    for dirpath, dirs, files in sorted(os.walk(os.path.join(HERE, "hugo-layouts"))):
        dirs.sort()
        for f in sorted(files):
            with open(os.path.join(dirpath, f), "rb") as fh:
                layouts_digest.update(f.encode() + fh.read())
    with open(os.path.abspath(__file__), "rb") as fh:
        layouts_digest.update(fh.read())
    stamp = json.dumps({"v": GENERATOR_VERSION, "contestants": args.contestants, "notices": notices,
                        "seed": args.seed, "real_images": args.real_images,
                        "sources": layouts_digest.hexdigest()}, sort_keys=True)
    stamp_path = os.path.join(args.out, "corpus.stamp")
    if not args.force and os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        print("corpus up to date: %s" % args.out)
        return
    for sub in ("herald", "hugo"):
        if os.path.isdir(os.path.join(args.out, sub)):
            shutil.rmtree(os.path.join(args.out, sub))
    corpus = Corpus(args.contestants, notices, args.seed, args.real_images)
    write_herald(corpus, os.path.join(args.out, "herald"))
    write_hugo(corpus, os.path.join(args.out, "hugo"))
    write(stamp_path, stamp)
    print("generated %s: %d contestants in %d units, %d notices, 10 projects%s"
          % (args.out, len(corpus.contestants), len(corpus.units), len(corpus.notices),
             ", real images" if args.real_images else ""))


if __name__ == "__main__":
    main()
