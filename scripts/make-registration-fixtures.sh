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
#   filer-writer-labels-above.pdf  ECF Form No. 1 from another hand: one long title line,
#                                  labels above values in ruled cells, City/State/Zip
#                                  cells, a Yes/No pair, a signature image over the line.
#   user-writer-limited-typed.pdf  "Application for CM/ECF Limited User (Form 2)": label-
#                                  above paragraphs, a slashed address label, Yes ☒ with the
#                                  court named, a name typed over "Applicant's Signature".
#   phv-writer-attorney-exam.pdf   "PRO HAC VICE ATTORNEY REGISTRATION" (no form number),
#                                  then an exam table: "Question N", an "Answer" column.
#
# `bash scripts/make-registration-fixtures.sh NAME…` remakes only the named fixtures.
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
  <style:style style:name="Lbl" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:margin-top="0in" fo:margin-bottom="0.02in"/>
   <style:text-properties fo:font-size="8pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Val" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:margin-top="0in" fo:margin-bottom="0.02in"/>
   <style:text-properties style:font-name="DejaVu Sans" fo:font-size="11pt"/>
  </style:style>
  <style:style style:name="Head" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="0.08in" fo:margin-bottom="0.1in"/>
   <style:text-properties fo:font-weight="bold" fo:font-size="12pt"/>
  </style:style>
  <style:style style:name="Under" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:margin-top="0in"/>
   <style:text-properties fo:font-size="8pt" fo:font-style="italic"/>
  </style:style>
  <style:style style:name="Grid" style:family="table">
   <style:table-properties style:width="6.5in" table:align="margins"/>
  </style:style>
  <style:style style:name="Grid.A" style:family="table-column"><style:table-column-properties style:column-width="3.25in"/></style:style>
  <style:style style:name="Grid.C" style:family="table-cell">
   <style:table-cell-properties fo:padding="0.04in" fo:border="0.5pt solid #000000"/>
  </style:style>
  <style:style style:name="Ex.N" style:family="table-column"><style:table-column-properties style:column-width="1.2in"/></style:style>
  <style:style style:name="Ex.Q" style:family="table-column"><style:table-column-properties style:column-width="4.3in"/></style:style>
  <style:style style:name="Ex.A" style:family="table-column"><style:table-column-properties style:column-width="1.0in"/></style:style>
  <style:style style:name="fr2" style:family="graphic">
   <style:graphic-properties style:wrap="run-through" style:run-through="foreground" style:vertical-pos="from-top" style:vertical-rel="paragraph" style:horizontal-pos="from-left" style:horizontal-rel="paragraph" fo:border="none"/>
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


cell() { # $1 label, $2 value: the label printed small at the top of a ruled table cell, the value typed under it
  echo "     <table:table-cell table:style-name=\"Grid.C\" office:value-type=\"string\"><text:p text:style-name=\"Lbl\">$1</text:p><text:p text:style-name=\"Val\">$2</text:p></table:table-cell>"
}

sig_over_line() { # $1 x offset (in), $2 width (in): a pen signature image dragged over the line of its paragraph
  echo "<draw:frame draw:style-name=\"fr2\" draw:name=\"PenSignature\" text:anchor-type=\"paragraph\" svg:x=\"$1in\" svg:y=\"-0.28in\" svg:width=\"$2in\" svg:height=\"$(awk "BEGIN{print $2*100/480}")in\" draw:z-index=\"1\"><draw:image><office:binary-data>$SIG_B64</office:binary-data></draw:image></draw:frame>"
}

# 4. Filer form from another hand: a long one-line title, label above the value in each
#    ruled cell of a two-column grid, Street/City/State/Zip as separate cells,
#    "Name of Firm/Organization", "State Bar No. & State", a Yes/No pair of boxes for other
#    courts' privileges, "I certify ... before this Court", and a pen signature image dragged
#    over "Signature: ______ Date: ____".
{
  head_xml
  court
  cat <<'EOF'
   <text:p text:style-name="Head">ELECTRONIC CASE FILING (ECF) REGISTRATION FORM — FILER (ECF Form No. 1)</text:p>
   <text:p text:style-name="P1">Complete all sections. Attorneys new to CM/ECF must attach the completed Filer examination to this form.</text:p>
   <table:table table:name="Attorney" table:style-name="Grid">
    <table:table-column table:style-name="Grid.A" table:number-columns-repeated="2"/>
EOF
  echo '    <table:table-row>'; cell 'Attorney Name' 'Jane Roe'; cell 'Name of Firm/Organization' 'Roe &amp; Partners LLP'; echo '    </table:table-row>'
  echo '    <table:table-row>'; cell 'Street Address' '100 Pearl Street'; cell 'City' 'Hartford'; echo '    </table:table-row>'
  echo '    <table:table-row>'; cell 'State' 'CT'; cell 'Zip' '06103'; echo '    </table:table-row>'
  echo '    <table:table-row>'; cell 'Phone No.' '(860) 555-0100'; cell 'E-Mail Address' 'jroe@roelaw.example.com'; echo '    </table:table-row>'
  echo '    <table:table-row>'; cell 'Connecticut Juris Number' 'ct99887'; cell 'State Bar No. &amp; State' ''; echo '    </table:table-row>'
  echo '    <table:table-row>'; cell 'PACER Username' 'janeroe60'; cell 'Fax No.' ''; echo '    </table:table-row>'
  cat <<'EOF'
   </table:table>
   <text:p text:style-name="Standard"/>
   <text:p text:style-name="P1">Have you been granted CM/ECF filing privileges in another court?<text:tab/><text:span text:style-name="Box">☐</text:span> Yes   <text:span text:style-name="Box">☒</text:span> No</text:p>
   <text:p text:style-name="P1">If yes, name of court: ____________________________________</text:p>
   <text:p text:style-name="P1"><text:span text:style-name="Box">☒</text:span> I certify that I am admitted to practice before this Court and that I am a member in good standing of its bar.</text:p>
   <text:p text:style-name="P1">I agree to comply with the Administrative Procedures for Electronic Case Filing and understand that my login and password constitute my signature.</text:p>
   <text:p text:style-name="Standard"/>
   <text:p text:style-name="Standard"/>
EOF
  echo "   <text:p text:style-name=\"Standard\">$(sig_over_line 0.95 2.3)Signature: ________________________________<text:tab/>Date: <text:span text:style-name=\"Typed\">03/14/2025</text:span></text:p>"
  tail_xml
} >"$WORK/src/filer-writer-labels-above.fodt"

# 5. User form from another hand: "Application for CM/ECF Limited User (Form 2)", label above
#    value as plain paragraphs in another order (e-mail first), one "Street Address / City /
#    State / Zip" label over two lines, a Yes/No pair with the court named, and the
#    applicant's name typed on the line with "Applicant's Signature" printed under it.
{
  head_xml
  court
  cat <<'EOF'
   <text:p text:style-name="Head">Application for CM/ECF Limited User (Form 2)</text:p>
   <text:p text:style-name="P1">Limited Users may file proofs of claim, transfers of claim and requests for notice only. Please print or type.</text:p>
   <text:p text:style-name="Lbl">E-Mail Address</text:p>
   <text:p text:style-name="Val">jroe@roelaw.example.com</text:p>
   <text:p text:style-name="Lbl">Name (Last, First, MI)</text:p>
   <text:p text:style-name="Val">Roe, Jane</text:p>
   <text:p text:style-name="Lbl">Name of Firm/Organization</text:p>
   <text:p text:style-name="Val">Roe &amp; Partners LLP</text:p>
   <text:p text:style-name="Lbl">Street Address / City / State / Zip</text:p>
   <text:p text:style-name="Val">100 Pearl Street</text:p>
   <text:p text:style-name="Val">Hartford, CT 06103</text:p>
   <text:p text:style-name="Lbl">Phone No.</text:p>
   <text:p text:style-name="Val">(860) 555-0100</text:p>
   <text:p text:style-name="Lbl">PACER Username</text:p>
   <text:p text:style-name="Val">janeroe60</text:p>
   <text:p text:style-name="Standard"/>
   <text:p text:style-name="P1">Have you been granted CM/ECF filing privileges in another court?<text:tab/><text:span text:style-name="Box">☒</text:span> Yes   <text:span text:style-name="Box">☐</text:span> No</text:p>
   <text:p text:style-name="P1">If yes, which court: <text:span text:style-name="Typed">U.S. Bankruptcy Court, D. Mass.</text:span></text:p>
   <text:p text:style-name="Standard"/>
   <text:p text:style-name="Standard"/>
   <text:p text:style-name="Standard"><text:span text:style-name="Typed">Jane Roe</text:span><text:tab/><text:tab/><text:tab/><text:tab/><text:tab/><text:span text:style-name="Typed">03/14/2025</text:span></text:p>
   <text:p text:style-name="Standard">_________________________________<text:tab/><text:tab/>____________________</text:p>
   <text:p text:style-name="Under">Applicant's Signature<text:tab/><text:tab/><text:tab/><text:tab/><text:tab/><text:tab/><text:tab/>Date</text:p>
EOF
  tail_xml
} >"$WORK/src/user-writer-limited-typed.fodt"

# 6. Pro hac vice form with no form number in its title, "Label:" cells, a declaration in
#    the first person without a box, the signature image inline after "Signature:", and
#    an exam as a table: "Question 1" in the first column, the question with its (a)-(c)
#    choices in the second, the letter written in an "Answer" column (5 of 6 answered).
{
  head_xml
  court
  cat <<'EOF'
   <text:p text:style-name="Head">PRO HAC VICE ATTORNEY REGISTRATION</text:p>
   <text:p text:style-name="P1">For attorneys admitted pro hac vice who will file electronically in a case before this Court.</text:p>
   <table:table table:name="Applicant" table:style-name="Tbl">
    <table:table-column table:style-name="Tbl.A"/>
    <table:table-column table:style-name="Tbl.B"/>
EOF
  row 'Attorney Name:' 'Jane Roe'
  row 'Firm:' 'Roe &amp; Partners LLP'
  row 'Street Address:' '100 Pearl Street'
  row 'City / State / Zip:' 'Hartford, CT 06103'
  row 'Phone No.:' '(860) 555-0100'
  row 'E-Mail Address:' 'jroe@roelaw.example.com'
  row 'State Bar No. &amp; State:' '4455667 New York'
  row 'PACER Username:' 'janeroe60'
  cat <<'EOF'
   </table:table>
   <text:p text:style-name="Standard"/>
   <text:p text:style-name="P1">I certify that I am admitted to practice before this Court pro hac vice in the case named in the attached order.</text:p>
   <text:p text:style-name="P1">Have you been granted CM/ECF filing privileges in another court?<text:tab/><text:span text:style-name="Box">☐</text:span> Yes   <text:span text:style-name="Box">☒</text:span> No</text:p>
   <text:p text:style-name="Standard"/>
EOF
  echo "   <text:p text:style-name=\"Standard\">Signature: $(sig_image 2.0)<text:tab/>Date: <text:span text:style-name=\"Typed\">March 14, 2025</text:span></text:p>"
  cat <<'EOF'
   <text:p text:style-name="PB">CM/ECF Filer Competency Examination</text:p>
   <text:p text:style-name="P1">Write the letter of the correct answer in the Answer column.</text:p>
   <table:table table:name="Exam" table:style-name="Grid">
    <table:table-column table:style-name="Ex.N"/>
    <table:table-column table:style-name="Ex.Q"/>
    <table:table-column table:style-name="Ex.A"/>
    <table:table-row>
     <table:table-cell table:style-name="Grid.C" office:value-type="string"><text:p text:style-name="Lbl">No.</text:p></table:table-cell>
     <table:table-cell table:style-name="Grid.C" office:value-type="string"><text:p text:style-name="Lbl">Question</text:p></table:table-cell>
     <table:table-cell table:style-name="Grid.C" office:value-type="string"><text:p text:style-name="Lbl">Answer</text:p></table:table-cell>
    </table:table-row>
EOF
  xq() { # $1 number, $2 question, $3 answer letter ('' = none), $4..$6 choices
    echo '    <table:table-row>'
    echo "     <table:table-cell table:style-name=\"Grid.C\" office:value-type=\"string\"><text:p text:style-name=\"P1\">Question $1</text:p></table:table-cell>"
    echo "     <table:table-cell table:style-name=\"Grid.C\" office:value-type=\"string\"><text:p text:style-name=\"P1\">$2</text:p><text:p text:style-name=\"P4\">(a) $4</text:p><text:p text:style-name=\"P4\">(b) $5</text:p><text:p text:style-name=\"P4\">(c) $6</text:p></table:table-cell>"
    echo "     <table:table-cell table:style-name=\"Grid.C\" office:value-type=\"string\"><text:p text:style-name=\"Val\">$3</text:p></table:table-cell>"
    echo '    </table:table-row>'
  }
  xq 1 'What is the official record of an electronically filed document?' 'a' 'The electronic document' 'The paper copy' 'The email'
  xq 2 'When is a document deemed filed?' 'b' 'At midnight' 'When the Notice of Electronic Filing is generated' 'When mailed'
  xq 3 'Who may use your login and password?' 'a' 'You and authorised staff' 'Anyone in the firm' 'Opposing counsel'
  xq 4 'What must you do if your password is compromised?' '' 'Nothing' 'Wait a week' 'Notify the Court at once'
  xq 5 'In what format are documents filed?' 'a' 'PDF' 'Word' 'Text'
  xq 6 'How are Filers served with orders?' 'a' 'By Notice of Electronic Filing' 'By fax' 'By hand'
  echo '   </table:table>'
  tail_xml
} >"$WORK/src/phv-writer-attorney-exam.fodt"

# Only the fixtures named on the command line (e.g. `filer-writer-labels-above`), else all.
for f in "$WORK"/src/*.fodt; do
  name="$(basename "$f" .fodt)"
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
  "${SOFFICE[@]}" --convert-to pdf --outdir "$WORK/out" "$f" >/dev/null 2>&1
done

for f in "$WORK"/out/*.pdf; do
  size=$(stat -c %s "$f")
  if [ "$size" -gt 204800 ]; then echo "$(basename "$f") is $size bytes, over 200 KB" >&2; exit 1; fi
  cp "$f" "$OUT/"
done
ls -l "$OUT"
