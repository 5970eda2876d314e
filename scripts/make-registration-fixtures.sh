#!/usr/bin/env bash
# Makes the registration-form fixtures of test/registration/read-form.test.ts with a real
# word processor: flat ODF sources written below are exported to PDF by LibreOffice
# (Debian's libreoffice-writer-nogui, 7.4 when this was run). Run once, by hand:
#
#   apt-get install -y libreoffice-writer-nogui
#   bash scripts/make-registration-fixtures.sh
#
# The output under test/fixtures/registration/ is committed; CI has no LibreOffice and
# only reads it. Each form is laid out differently from the pdf-lib fixtures of
# test/support/reg-forms.ts (a two-column table, other label words, checkbox characters,
# the label under the signature line), so the reader is not tuned to one layout:
#
#   filer-writer-slash-s.pdf       ECF Form No. 1 typed in Writer, table layout, ☒/☐
#                                  characters, "/s/ Jane Roe" on the signature line.
#   user-writer-signature-image.pdf ECF Form No. 2, "Label: value" paragraphs, a scanned
#                                  pen signature pasted in as a PNG above the line.
#   phv-writer-with-exam.pdf       ECF Form No. 1a with another court's privileges named,
#                                  a pen signature image, then the exam on page 2 with
#                                  ☒ marking the answers (5 of 6 answered).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/test/fixtures/registration"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/src" "$WORK/out"

command -v soffice >/dev/null || { echo "soffice not found: apt-get install -y libreoffice-writer-nogui" >&2; exit 1; }

# A private LibreOffice profile: no clash with a running instance, same result every run.
SOFFICE=(soffice "-env:UserInstallation=file://$WORK/profile" --headless --norestore)

# The pen signature image: the same generator the tests use for pasted signatures.
cat >"$WORK/sig.mts" <<EOF
import { writeFileSync } from 'node:fs';
import { signaturePng } from '$ROOT/test/support/reg-forms.ts';
writeFileSync('$WORK/sig.png', await signaturePng(7, 480, 100));
EOF
(cd "$ROOT" && npx tsx "$WORK/sig.mts")
SIG_B64="$(base64 -w 0 "$WORK/sig.png")"

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
  xmlns:xlink="http://www.w3.org/1999/xlink"
  xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><meta:generator>court-intake make-registration-fixtures.sh</meta:generator></office:meta>
 <office:font-face-decls>
  <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'" style:font-family-generic="roman"/>
  <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'" style:font-family-generic="swiss"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:text-properties style:font-name="DejaVu Serif" fo:font-size="11pt" fo:language="en" fo:country="US"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text">
   <style:paragraph-properties fo:margin-bottom="0.06in"/>
  </style:style>
  <style:style style:name="Title" style:display-name="Title" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.04in"/>
   <style:text-properties fo:font-weight="bold" fo:font-size="13pt"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="justify"/>
   <style:text-properties fo:font-size="10pt"/>
  </style:style>
  <style:style style:name="P2" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="P3" style:family="paragraph" style:parent-style-name="Standard">
   <style:text-properties fo:font-size="9pt"/>
  </style:style>
  <style:style style:name="P4" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:margin-left="0.3in"/>
   <style:text-properties fo:font-size="10pt"/>
  </style:style>
  <style:style style:name="PB" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:break-before="page"/>
  </style:style>
  <style:style style:name="T1" style:family="text">
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Box" style:family="text">
   <style:text-properties style:font-name="DejaVu Sans" fo:font-size="12pt"/>
  </style:style>
  <style:style style:name="Typed" style:family="text">
   <style:text-properties style:font-name="DejaVu Sans"/>
  </style:style>
  <style:style style:name="Tbl" style:family="table">
   <style:table-properties style:width="6.5in" table:align="margins"/>
  </style:style>
  <style:style style:name="Tbl.A" style:family="table-column"><style:table-column-properties style:column-width="2.1in"/></style:style>
  <style:style style:name="Tbl.B" style:family="table-column"><style:table-column-properties style:column-width="4.4in"/></style:style>
  <style:style style:name="Tbl.V" style:family="table-cell">
   <style:table-cell-properties fo:padding="0.03in" fo:border-bottom="0.5pt solid #000000" fo:border-top="none" fo:border-left="none" fo:border-right="none"/>
  </style:style>
  <style:style style:name="Tbl.L" style:family="table-cell">
   <style:table-cell-properties fo:padding="0.03in" fo:border="none"/>
  </style:style>
  <style:style style:name="fr1" style:family="graphic">
   <style:graphic-properties style:vertical-pos="bottom" style:vertical-rel="baseline" fo:border="none"/>
  </style:style>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="8.5in" fo:page-height="11in" fo:margin-top="0.7in"
     fo:margin-bottom="0.7in" fo:margin-left="1in" fo:margin-right="1in"/>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1"/>
 </office:master-styles>
 <office:body>
  <office:text>
EOF
}

tail_xml() {
  echo '  </office:text>'
  echo ' </office:body>'
  echo '</office:document>'
}

court() {
  cat <<'EOF'
   <text:p text:style-name="P2">UNITED STATES BANKRUPTCY COURT</text:p>
   <text:p text:style-name="P2">DISTRICT OF CONNECTICUT</text:p>
EOF
}

row() { # $1 label, $2 value (may hold <text:line-break/>)
  echo "    <table:table-row><table:table-cell table:style-name=\"Tbl.L\" office:value-type=\"string\"><text:p>$1</text:p></table:table-cell><table:table-cell table:style-name=\"Tbl.V\" office:value-type=\"string\"><text:p><text:span text:style-name=\"Typed\">$2</text:span></text:p></table:table-cell></table:table-row>"
}

sig_image() { # $1 width in inches
  echo "<draw:frame draw:style-name=\"fr1\" draw:name=\"Signature\" text:anchor-type=\"as-char\" svg:width=\"$1in\" svg:height=\"$(awk "BEGIN{print $1*100/480}")in\" draw:z-index=\"0\"><draw:image><office:binary-data>$SIG_B64</office:binary-data></draw:image></draw:frame>"
}

# 1. Filer form: a two-column table, ☒/☐ characters, /s/ signature.
{
  head_xml
  court
  cat <<'EOF'
   <text:p text:style-name="Title">ECF Form No. 1</text:p>
   <text:p text:style-name="Title">Filer Registration Form</text:p>
   <text:p text:style-name="P1">Attorneys admitted to practice in this Court register here for a login and password to the Court's CM/ECF system. Please type or print.</text:p>
   <table:table table:name="Applicant" table:style-name="Tbl">
    <table:table-column table:style-name="Tbl.A"/>
    <table:table-column table:style-name="Tbl.B"/>
EOF
  row 'Attorney Name' 'Jane Roe'
  row 'Law Firm' 'Roe &amp; Partners LLP'
  row 'Mailing Address' '100 Pearl Street<text:line-break/>Hartford, CT 06103'
  row 'Telephone No.' '(860) 555-0100'
  row 'Email Address' 'jroe@roelaw.example.com'
  row 'Federal Bar Number' 'ct99887'
  row 'PACER Username' 'janeroe60'
  cat <<'EOF'
   </table:table>
   <text:p text:style-name="Standard"/>
   <text:p text:style-name="P1"><text:span text:style-name="Box">☒</text:span> I certify that I am admitted to practice in the United States Bankruptcy Court for the District of Connecticut.</text:p>
   <text:p text:style-name="P1"><text:span text:style-name="Box">☐</text:span> I have electronic filing privileges in another court (name the court):</text:p>
   <text:p text:style-name="P1">By submitting this registration I agree to comply with the Court's Administrative Procedures for Electronic Case Filing.</text:p>
   <text:p text:style-name="Standard"/>
   <text:p text:style-name="Standard">Signature: <text:span text:style-name="Typed">/s/ Jane Roe</text:span><text:tab/><text:tab/>Date: <text:span text:style-name="Typed">March 14, 2025</text:span></text:p>
EOF
  tail_xml
} >"$WORK/src/filer-writer-slash-s.fodt"

# 2. User form: "Label: value" paragraphs, a pasted pen signature above the line, label under it.
{
  head_xml
  court
  cat <<'EOF'
   <text:p text:style-name="Title">ECF Form No. 2</text:p>
   <text:p text:style-name="Title">User Registration Form</text:p>
   <text:p text:style-name="P1">For creditors and other entities filing proofs of claim and requests for notice as Limited Users of CM/ECF.</text:p>
   <text:p text:style-name="Standard"/>
   <text:p text:style-name="Standard">Full Name: <text:span text:style-name="Typed">Jane Roe</text:span></text:p>
   <text:p text:style-name="Standard">Organization: <text:span text:style-name="Typed">Roe &amp; Partners LLP</text:span></text:p>
   <text:p text:style-name="Standard">Address: <text:span text:style-name="Typed">100 Pearl Street</text:span></text:p>
   <text:p text:style-name="Standard">City, State, Zip: <text:span text:style-name="Typed">Hartford, CT 06103</text:span></text:p>
   <text:p text:style-name="Standard">Phone: <text:span text:style-name="Typed">(860) 555-0100</text:span><text:tab/><text:tab/>E-mail: <text:span text:style-name="Typed">jroe@roelaw.example.com</text:span></text:p>
   <text:p text:style-name="Standard">PACER Login: <text:span text:style-name="Typed">janeroe60</text:span></text:p>
   <text:p text:style-name="Standard"/>
   <text:p text:style-name="P1">I understand that my login and password may be used only by me or by authorised employees, and that their use constitutes my signature.</text:p>
   <text:p text:style-name="Standard"/>
EOF
  echo "   <text:p text:style-name=\"Standard\">$(sig_image 2.2)</text:p>"
  cat <<'EOF'
   <text:p text:style-name="Standard">______________________________<text:tab/><text:tab/>__________________</text:p>
   <text:p text:style-name="P3">Signature of Applicant<text:tab/><text:tab/><text:tab/><text:tab/><text:tab/>Date</text:p>
EOF
  tail_xml
} >"$WORK/src/user-writer-signature-image.fodt"

# 3. Pro hac vice form with another court named, a pasted signature, and the exam on page 2.
{
  head_xml
  court
  cat <<'EOF'
   <text:p text:style-name="Title">ECF Form No. 1a</text:p>
   <text:p text:style-name="Title">Pro Hac Vice Filer Registration</text:p>
   <table:table table:name="Applicant" table:style-name="Tbl">
    <table:table-column table:style-name="Tbl.A"/>
    <table:table-column table:style-name="Tbl.B"/>
EOF
  row 'Name' 'Jane Roe'
  row 'Firm' 'Roe &amp; Partners LLP'
  row 'Business Address' '100 Pearl Street, Hartford, CT 06103'
  row 'Telephone' '(860) 555-0100'
  row 'E-mail' 'jroe@roelaw.example.com'
  row 'Bar No. and State' 'NY 4455667'
  row 'PACER Username' 'janeroe60'
  cat <<'EOF'
   </table:table>
   <text:p text:style-name="Standard"/>
   <text:p text:style-name="P1"><text:span text:style-name="Box">☒</text:span> I have been admitted pro hac vice to practice in this Court (order attached).</text:p>
   <text:p text:style-name="P1"><text:span text:style-name="Box">☒</text:span> I have CM/ECF privileges in another court: <text:span text:style-name="Typed">U.S. District Court, S.D.N.Y.</text:span></text:p>
   <text:p text:style-name="Standard"/>
EOF
  echo "   <text:p text:style-name=\"Standard\">Applicant's Signature: $(sig_image 2.0)</text:p>"
  cat <<'EOF'
   <text:p text:style-name="PB">CM/ECF Examination for Filers</text:p>
   <text:p text:style-name="P1">Mark the correct answer to each question with an X.</text:p>
EOF
  q() { # $1 number, $2 question, $3 marked choice (1-3 or 0), $4..$6 choices
    echo "   <text:p text:style-name=\"Standard\">$1. $2</text:p>"
    for i in 1 2 3; do
      local c="${@:$((3 + i)):1}"
      local box='☐'
      [ "$3" = "$i" ] && box='☒'
      echo "   <text:p text:style-name=\"P4\"><text:span text:style-name=\"Box\">$box</text:span> $c</text:p>"
    done
  }
  q 1 'What is the official record of an electronically filed document?' 1 'The electronic document' 'The paper copy' 'The email'
  q 2 'When is a document deemed filed?' 2 'At midnight' 'When the Notice of Electronic Filing is generated' 'When mailed'
  q 3 'Who may use your login and password?' 1 'You and authorised staff' 'Anyone in the firm' 'Opposing counsel'
  q 4 'What must you do if your password is compromised?' 3 'Nothing' 'Wait a week' 'Notify the Court at once'
  q 5 'In what format are documents filed?' 0 'PDF' 'Word' 'Text'
  q 6 'How are Filers served with orders?' 1 'By Notice of Electronic Filing' 'By fax' 'By hand'
  tail_xml
} >"$WORK/src/phv-writer-with-exam.fodt"


for f in "$WORK"/src/*.fodt; do
  "${SOFFICE[@]}" --convert-to pdf --outdir "$WORK/out" "$f" >/dev/null 2>&1
done

for f in "$WORK"/out/*.pdf; do
  size=$(stat -c %s "$f")
  if [ "$size" -gt 204800 ]; then echo "$(basename "$f") is $size bytes, over 200 KB" >&2; exit 1; fi
  cp "$f" "$OUT/"
done
ls -l "$OUT"
