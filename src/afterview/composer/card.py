"""A handwritten card's text as a print-ready HTML page (A6 landscape, one card per page)."""

from __future__ import annotations

from html import escape

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  @page {{ size: 148mm 105mm; margin: 12mm 14mm; }}
  html, body {{ margin: 0; padding: 0; }}
  body {{ font-family: "Georgia", "Times New Roman", serif; font-size: 12.5pt; line-height: 1.45;
          color: #222; }}
  .card {{ width: 120mm; min-height: 78mm; margin: 0 auto; display: flex; flex-direction: column;
           justify-content: center; }}
  .card p {{ margin: 0 0 0.8em 0; }}
  .card p.greeting {{ margin-bottom: 0.6em; }}
  .card p.signature {{ margin-top: 0.4em; white-space: pre-line; }}
  @media screen {{
    body {{ background: #eee; padding: 2em 0; }}
    .card {{ background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.2); padding: 12mm 14mm;
             width: 120mm; }}
  }}
</style>
</head>
<body>
<main class="card">
{paragraphs}
</main>
</body>
</html>
"""


def card_html(body: str, title: str = "Thank-you card") -> str:
    """The card body as an HTML page to print; every recorded word is escaped, never markup."""
    blocks = [b.strip() for b in body.replace("\r\n", "\n").split("\n\n") if b.strip()]
    rendered = []
    for i, block in enumerate(blocks):
        css = ' class="greeting"' if i == 0 and len(blocks) > 1 and "\n" not in block and len(block) < 60 else ""
        if i == len(blocks) - 1 and len(blocks) > 1:
            css = ' class="signature"'
        text = "<br>".join(escape(line) for line in block.split("\n"))
        rendered.append(f"<p{css}>{text}</p>")
    return _PAGE.format(title=escape(title), paragraphs="\n".join(rendered))
