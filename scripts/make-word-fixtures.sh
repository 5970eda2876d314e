#!/usr/bin/env bash
# Makes the Word fixtures of test/parsers/word.test.ts with a real word processor:
# flat ODF sources written below are converted by LibreOffice (Debian's
# libreoffice-writer-nogui, 7.4 when this was run) into .docx, .doc and .rtf, plus a
# password-protected .docx and .doc and a macro-enabled .docm. Run once, by hand:
#
#   apt-get install -y libreoffice-writer-nogui python3-msoffcrypto-tool
#   bash scripts/make-word-fixtures.sh
#
# It also needs the npm registry (officecrypto-tool, fetched into a scratch folder, for
# the encrypted .docx) and Debian's python3-uno (comes with LibreOffice).
#
# The output under test/fixtures/word/ is committed; CI has no LibreOffice and only
# reads it. Every fixture carries the same proposed order (In re: John Daniel, Case No.
# 13-30001 (JAM), Chapter 13, ECF No. 42); each adds one layout feature.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/test/fixtures/word"
WORK="$(mktemp -d)"
SOFFICE_PID=
trap '[ -n "$SOFFICE_PID" ] && kill "$SOFFICE_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/src" "$WORK/out"

command -v soffice >/dev/null || { echo "soffice not found: apt-get install -y libreoffice-writer-nogui" >&2; exit 1; }

# A private LibreOffice profile: no clash with a running instance, same result every run.
SOFFICE=(soffice "-env:UserInstallation=file://$WORK/profile" --headless --norestore)

# ---- the flat ODF sources

head_xml() {
  cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
  xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><meta:generator>court-intake make-word-fixtures.sh</meta:generator></office:meta>
 <office:font-face-decls>
  <style:font-face style:name="Times New Roman" svg:font-family="'Times New Roman'" style:font-family-generic="roman"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:text-properties style:font-name="Times New Roman" fo:font-size="12pt" fo:language="en" fo:country="US"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Title" style:display-name="Title" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="0.17in" fo:margin-bottom="0.17in"/>
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="justify"/>
  </style:style>
  <style:style style:name="P2" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
  </style:style>
  <style:style style:name="P3" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="end"/>
  </style:style>
  <style:style style:name="T1" style:family="text">
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Caption" style:family="table">
   <style:table-properties style:width="6.5in" table:align="margins"/>
  </style:style>
  <style:style style:name="fr1" style:family="graphic">
   <style:graphic-properties style:wrap="parallel" style:vertical-pos="top" style:vertical-rel="paragraph"
     style:horizontal-pos="right" style:horizontal-rel="paragraph" fo:border="0.5pt solid #000000" fo:padding="0.05in"/>
  </style:style>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="8.5in" fo:page-height="11in" fo:margin-top="0.5in"
     fo:margin-bottom="0.5in" fo:margin-left="1in" fo:margin-right="1in"/>
   <style:header-style><style:header-footer-properties fo:min-height="0in" fo:margin-bottom="0.2in"/></style:header-style>
   <style:footer-style><style:header-footer-properties fo:min-height="0in" fo:margin-top="0.2in"/></style:footer-style>
  </style:page-layout>
 </office:automatic-styles>
EOF
}

# $1 = header paragraph text ('' for none), $2 = footer paragraph text ('' for none)
master_xml() {
  echo ' <office:master-styles>'
  echo '  <style:master-page style:name="Standard" style:page-layout-name="pm1">'
  if [ -n "$1" ]; then echo "   <style:header><text:p text:style-name=\"P2\">$1</text:p></style:header>"; fi
  if [ -n "$2" ]; then echo "   <style:footer><text:p text:style-name=\"P2\">$2</text:p></style:footer>"; fi
  echo '  </style:master-page>'
  echo ' </office:master-styles>'
}

caption_table() {
  cat <<'EOF'
   <table:table table:name="Caption" table:style-name="Caption">
    <table:table-column table:number-columns-repeated="2"/>
    <table:table-row>
     <table:table-cell office:value-type="string">
      <text:p>In re:</text:p>
      <text:p>John Daniel,</text:p>
      <text:p>Debtor</text:p>
     </table:table-cell>
     <table:table-cell office:value-type="string">
      <text:p>Case No. 13-30001 (JAM)</text:p>
      <text:p>Chapter 13</text:p>
     </table:table-cell>
    </table:table-row>
   </table:table>
EOF
}

order_body() {
  cat <<'EOF'
   <text:p text:style-name="Title">ORDER GRANTING MOTION TO EXTEND THE AUTOMATIC STAY</text:p>
   <text:p text:style-name="P1">Upon the “Motion to Extend the Automatic Stay” under 11 U.S.C. § 362(c)(3) filed by the Debtor (ECF No. 42), and after notice and a hearing, it is hereby</text:p>
   <text:p text:style-name="P1"><text:span text:style-name="T1">ORDERED</text:span>: that the Motion is GRANTED.</text:p>
EOF
}

signature() {
  cat <<'EOF'
   <text:p text:style-name="P3">BY THE COURT</text:p>
   <text:p text:style-name="P3">______________________________</text:p>
EOF
}

tail_xml() {
  echo '  </office:text>'
  echo ' </office:body>'
  echo '</office:document>'
}

# 1. The caption laid out in a two-column table.
{
  head_xml
  master_xml '' ''
  echo ' <office:body>'
  echo '  <office:text>'
  caption_table
  order_body
  signature
  tail_xml
} >"$WORK/src/caption-table.fodt"

# 2. A text box (a Writer frame) anchored to the first body paragraph.
{
  head_xml
  master_xml '' ''
  echo ' <office:body>'
  echo '  <office:text>'
  cat <<'EOF'
   <text:p text:style-name="Standard"><draw:frame draw:style-name="fr1" draw:name="Submitted" text:anchor-type="paragraph" svg:width="2.4in" svg:height="0.7in" draw:z-index="0"><draw:text-box><text:p text:style-name="Standard">Submitted by Attorney Renée Roe</text:p><text:p text:style-name="Standard">Juris No. ct12345</text:p></draw:text-box></draw:frame>UNITED STATES BANKRUPTCY COURT</text:p>
EOF
  caption_table
  order_body
  signature
  tail_xml
} >"$WORK/src/text-box.fodt"

# 3. The court's name in the page header, the case number and page in the footer.
{
  head_xml
  master_xml 'UNITED STATES BANKRUPTCY COURT, DISTRICT OF CONNECTICUT' 'Proposed order, Case No. 13-30001 (JAM), page <text:page-number text:select-page="current">1</text:page-number>'
  echo ' <office:body>'
  echo '  <office:text>'
  caption_table
  order_body
  signature
  tail_xml
} >"$WORK/src/header-footer.fodt"

# 4. A table inside a table cell (exhibits listed in a nested table).
{
  head_xml
  master_xml '' ''
  echo ' <office:body>'
  echo '  <office:text>'
  caption_table
  order_body
  cat <<'EOF'
   <table:table table:name="Schedule">
    <table:table-column table:number-columns-repeated="2"/>
    <table:table-row>
     <table:table-cell office:value-type="string"><text:p>Schedule of payments</text:p></table:table-cell>
     <table:table-cell office:value-type="string">
      <table:table table:name="Payments">
       <table:table-column table:number-columns-repeated="2"/>
       <table:table-row>
        <table:table-cell office:value-type="string"><text:p>Month</text:p></table:table-cell>
        <table:table-cell office:value-type="string"><text:p>Amount</text:p></table:table-cell>
       </table:table-row>
       <table:table-row>
        <table:table-cell office:value-type="string"><text:p>March 2014</text:p></table:table-cell>
        <table:table-cell office:value-type="string"><text:p>$450.00</text:p></table:table-cell>
       </table:table-row>
      </table:table>
     </table:table-cell>
    </table:table-row>
   </table:table>
EOF
  signature
  tail_xml
} >"$WORK/src/nested-table.fodt"

# ---- conversions

convert() { # $1 = filter spec, $2... = sources
  local spec="$1"
  shift
  "${SOFFICE[@]}" --convert-to "$spec" --outdir "$WORK/out" "$@" >/dev/null 2>&1
}

for f in "$WORK"/src/*.fodt; do
  convert docx "$f"
  convert doc "$f"
  convert rtf "$f"
done

# Password-protected, open password "secret".
# - .doc: a Word 97 file with the fEncrypted flag, stored through the UNO API with a
#   Password in the media descriptor (LibreOffice 7.4 ignores JSON filter options given
#   to --convert-to: the EncryptFile/DocumentPassword form gave a plain file).
# - .docx: LibreOffice 7.4 cannot write encrypted OOXML (a Password is silently dropped),
#   so the plain .docx is encrypted with the npm package officecrypto-tool (ECMA-376
#   agile encryption in a compound file), installed in the scratch folder only, and the
#   result is checked by decrypting it with Debian's msoffcrypto-tool when present.
cp "$WORK/src/caption-table.fodt" "$WORK/src/encrypted.fodt"
PIPE="wordfixtures$$"
"${SOFFICE[@]}" --invisible "--accept=pipe,name=$PIPE;urp;" >/dev/null 2>&1 &
SOFFICE_PID=$!
# Debian's python3-uno (installed with LibreOffice) is for the system Python only.
PIPE="$PIPE" SRC="$WORK/src/encrypted.fodt" OUTDIR="$WORK/out" /usr/bin/python3 - <<'PY'
import os, time, uno
from com.sun.star.beans import PropertyValue

def props(**kw):
    out = []
    for k, v in kw.items():
        p = PropertyValue(); p.Name = k; p.Value = v; out.append(p)
    return tuple(out)

local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
for attempt in range(120):
    try:
        ctx = resolver.resolve('uno:pipe,name=%s;urp;StarOffice.ComponentContext' % os.environ['PIPE'])
        break
    except Exception:
        time.sleep(0.5)
else:
    raise SystemExit('LibreOffice did not start')
desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.environ['SRC']), '_blank', 0, props(Hidden=True))
doc.storeToURL(uno.systemPathToFileUrl(os.path.join(os.environ['OUTDIR'], 'encrypted.doc')),
               props(FilterName='MS Word 97', Password='secret'))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass  # the bridge goes away as the office quits
PY
# desktop.terminate() ends the office; give it 30 s before ending it ourselves.
for _ in $(seq 60); do kill -0 "$SOFFICE_PID" 2>/dev/null || break; sleep 0.5; done
kill "$SOFFICE_PID" 2>/dev/null || true
wait "$SOFFICE_PID" 2>/dev/null || true
SOFFICE_PID=

npm install --silent --no-audit --no-fund --prefix "$WORK/tools" officecrypto-tool@0.0.19 >/dev/null
NODE_PATH="$WORK/tools/node_modules" node -e '
  const fs = require("fs");
  const crypto = require("officecrypto-tool");
  const [src, dst] = process.argv.slice(1);
  fs.writeFileSync(dst, crypto.encrypt(fs.readFileSync(src), { password: "secret" }));
' "$WORK/out/caption-table.docx" "$WORK/out/encrypted.docx"
if /usr/bin/python3 -c 'import msoffcrypto' 2>/dev/null; then
  /usr/bin/python3 -m msoffcrypto -p secret "$WORK/out/encrypted.docx" "$WORK/decrypted.docx"
  cmp -s "$WORK/decrypted.docx" "$WORK/out/caption-table.docx" || { echo "encrypted.docx does not decrypt to the original" >&2; exit 1; }
fi

# Macro-enabled Word (the "Word 2007–365 (macro-enabled)" filter writes a .docm).
cp "$WORK/src/caption-table.fodt" "$WORK/src/macro-enabled.fodt"
convert 'docm:MS Word 2007 XML VBA' "$WORK/src/macro-enabled.fodt"

for f in "$WORK"/out/*; do
  size=$(stat -c %s "$f")
  if [ "$size" -gt 102400 ]; then echo "$(basename "$f") is $size bytes, over 100 KB" >&2; exit 1; fi
  cp "$f" "$OUT/"
done
ls -l "$OUT"
