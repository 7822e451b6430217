package io.pipescope.query.internal;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * {@code /graph?g0.expr=...}, where an alert's generatorURL leads: the expression, editable, and
 * its current result as a table, fetched from {@code /api/v1/query} in the browser (so the page
 * shows what any API client would get). The expression is in the HTML itself, so it shows even
 * where scripts do not run.
 */
final class ExpressionPage {
  private ExpressionPage() {}

  static FullHttpResponse render(FullHttpRequest request) {
    List<String> exprs = new QueryStringDecoder(request.uri()).parameters().getOrDefault("g0.expr", List.of(""));
    String expr = exprs.get(0);
    String html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>pipescope · expression</title>
        <style>
          body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d2330; }
          textarea { width: 100%%; font: 13px ui-monospace, monospace; box-sizing: border-box; }
          table { border-collapse: collapse; margin-top: 1rem; width: 100%%; }
          th, td { border-bottom: 1px solid #dde; padding: .3rem .5rem; text-align: left; vertical-align: top; }
          td.v { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
          code { font: 13px ui-monospace, monospace; }
          .err { color: #b00020; white-space: pre-wrap; }
          nav a { margin-right: 1rem; }
        </style>
        </head>
        <body>
        <nav><a href="/graph">Expression</a><a href="/api/v1/alerts">Alerts (JSON)</a><a href="/api/v1/rules">Rules (JSON)</a><a href="/metrics">Metrics</a></nav>
        <h1>Expression</h1>
        <form method="get" action="/graph">
          <textarea name="g0.expr" rows="4" spellcheck="false">%s</textarea>
          <input type="hidden" name="g0.tab" value="1">
          <p><button type="submit">Execute</button> <span id="status"></span></p>
        </form>
        <div id="result"></div>
        <script>
        (function () {
          const expr = document.querySelector('textarea').value.trim();
          const status = document.getElementById('status');
          const out = document.getElementById('result');
          if (!expr) { return; }
          const text = (tag, s, cls) => { const e = document.createElement(tag); e.textContent = s; if (cls) e.className = cls; return e; };
          status.textContent = 'querying…';
          fetch('/api/v1/query?query=' + encodeURIComponent(expr))
            .then(r => r.json())
            .then(body => {
              if (body.status !== 'success') {
                status.textContent = '';
                out.appendChild(text('p', body.errorType + ': ' + body.error, 'err'));
                return;
              }
              const d = body.data;
              const rows = d.resultType === 'vector' ? d.result.map(s => [s.metric, s.value[1]])
                : d.resultType === 'matrix' ? d.result.map(s => [s.metric, s.values.map(v => v[1] + ' @' + v[0]).join('\\n')])
                : [[null, d.result[1]]];
              status.textContent = rows.length + ' result' + (rows.length === 1 ? '' : 's') + ' at ' + new Date().toISOString();
              const table = document.createElement('table');
              const head = table.insertRow();
              head.appendChild(text('th', 'Series'));
              head.appendChild(text('th', 'Value'));
              for (const [metric, value] of rows) {
                const row = table.insertRow();
                const name = metric ? (metric.__name__ || '') + '{' + Object.keys(metric).filter(k => k !== '__name__')
                    .map(k => k + '="' + metric[k] + '"').join(', ') + '}' : 'scalar';
                row.insertCell().appendChild(text('code', name));
                const cell = row.insertCell();
                cell.className = 'v';
                cell.textContent = value;
              }
              out.appendChild(table);
            })
            .catch(e => { status.textContent = ''; out.appendChild(text('p', String(e), 'err')); });
        })();
        </script>
        </body>
        </html>
        """.formatted(escapeHtml(expr));
    return ApiResponses.text(HttpResponseStatus.OK, "text/html; charset=utf-8", html);
  }

  static String escapeHtml(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
