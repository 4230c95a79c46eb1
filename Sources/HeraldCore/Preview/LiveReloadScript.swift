import Foundation

/// The script `herald serve` adds to the HTML it sends (never to the files in the preview folder, which
/// stay exactly what `herald build` writes): it listens to the server's event stream, reloads the page
/// after a successful rebuild and shows the build's errors over the page while there are any.
public enum LiveReloadScript {
    /// The `<script>` element for a page served while the preview is at `generation`.
    ///
    /// On connecting, the server first sends `hello` with its current generation, so a page that was
    /// served just before a rebuild finished reloads too. The overlay is built with DOM calls and
    /// `textContent` only: diagnostics quote content, which must never be parsed as HTML.
    public static func element(generation: Int, endpoint: String = PreviewRouter.eventsPath) -> String {
        let endpointLiteral = jsonString(endpoint)
        return """
        <script data-herald-preview>
        (function () {
          var generation = \(generation), overlayId = "herald-preview-errors";
          function clear() { var o = document.getElementById(overlayId); if (o) o.remove(); }
          function show(items) {
            clear();
            var o = document.createElement("div");
            o.id = overlayId;
            o.setAttribute("role", "alert");
            o.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5em;" +
              "background:rgba(24,24,24,.97);color:#f3f3f3;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;cursor:pointer;";
            o.title = "点击暂时关闭";
            o.addEventListener("click", clear);
            var h = document.createElement("h2");
            h.style.cssText = "margin:0 0 1em;color:#ff8080;font-size:16px;";
            h.textContent = "herald：生成失败，浏览器中仍是上次成功的预览。改正后自动刷新。";
            o.appendChild(h);
            items.forEach(function (d) {
              var p = document.createElement("pre");
              p.style.cssText = "margin:0 0 .8em;white-space:pre-wrap;";
              var where = document.createElement("strong");
              where.textContent = d.file + ":" + d.line + ":" + d.column + ": ";
              p.appendChild(where);
              p.appendChild(document.createTextNode(d.severity + ": " + d.message + (d.hint ? "；" + d.hint : "")));
              o.appendChild(p);
            });
            document.body.appendChild(o);
          }
          if (!window.EventSource) return;
          var source = new EventSource(\(endpointLiteral));
          source.addEventListener("hello", function (e) { if (Number(e.data) !== generation) location.reload(); });
          source.addEventListener("reload", function () { location.reload(); });
          source.addEventListener("errors", function (e) { show(JSON.parse(e.data)); });
          source.addEventListener("ok", clear);
        })();
        </script>
        """
    }

    /// `html` with `script` inserted before its last `</body>` (any case), or appended when it has none.
    public static func inject(_ script: String, into html: Data) -> Data {
        let needle = Array("</body".utf8)
        let bytes = [UInt8](html)
        var insertAt = bytes.count
        if bytes.count >= needle.count {
            var index = bytes.count - needle.count
            while index >= 0 {
                var matches = true
                for offset in 0..<needle.count where asciiLower(bytes[index + offset]) != needle[offset] {
                    matches = false
                    break
                }
                if matches {
                    insertAt = index
                    break
                }
                index -= 1
            }
        }
        var result = Data(capacity: bytes.count + script.utf8.count + 1)
        result.append(contentsOf: bytes[..<insertAt])
        result.append(contentsOf: Array(script.utf8))
        result.append(UInt8(ascii: "\n"))
        result.append(contentsOf: bytes[insertAt...])
        return result
    }

    private static func asciiLower(_ byte: UInt8) -> UInt8 {
        (65...90).contains(byte) ? byte + 32 : byte
    }

    private static func jsonString(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let data = (try? encoder.encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
    }

    /// Shown while no build has succeeded yet (the overlay then lists why).
    public static let placeholderPage = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><title>herald 预览</title></head>
        <body><p>预览还没有生成成功。改正内容中的错误后，本页会自动刷新。</p></body>
        </html>
        """
}
