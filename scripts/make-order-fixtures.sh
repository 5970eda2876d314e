#!/usr/bin/env bash
# Makes the proposed-order fixtures of test/orders/real-orders.test.ts with a real word
# processor: flat ODF sources written below (by the Python part of this script) are
# converted by LibreOffice (Debian's libreoffice-writer-nogui, 7.4 when this was run)
# into .docx, .doc and .rtf. Run once, by hand:
#
#   apt-get install -y libreoffice-writer-nogui
#   bash scripts/make-order-fixtures.sh
#
# The output under test/fixtures/orders/ is committed; CI has no LibreOffice and only
# reads it. The layouts are those bankruptcy practitioners use: captions drawn with a `)`,
# `:` or `§` column on tab stops and lines of underscores between the debtor block and
# the contested-matter parties, captions in tables, company, joint and a/k/a debtors,
# counsel's "Prepared by:" block signed /s/, a certificate of service signed /s/, page
# headers and footers, text boxes. `good-*` orders meet ECF Procedure 14; each `bad-*`
# order carries the defects its name says. The cases they name are in the test.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/test/fixtures/orders"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/src" "$WORK/out"

command -v soffice >/dev/null || { echo "soffice not found: apt-get install -y libreoffice-writer-nogui" >&2; exit 1; }

# A private LibreOffice profile: no clash with a running instance, same result every run.
SOFFICE=(soffice "-env:UserInstallation=file://$WORK/profile" --headless --norestore)

SRC="$WORK/src" /usr/bin/python3 - <<'PY'
import os
from xml.sax.saxutils import escape

SRC = os.environ['SRC']

HEAD = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
  xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><meta:generator>court-intake make-order-fixtures.sh</meta:generator></office:meta>
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
  <style:style style:name="J" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="justify" fo:text-indent="0.5in" fo:margin-bottom="0.08in"/>
  </style:style>
  <style:style style:name="C" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
  </style:style>
  <style:style style:name="CB" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="L" style:family="paragraph" style:parent-style-name="Standard"/>
  <style:style style:name="SIG" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:margin-left="3.25in"/>
  </style:style>
  <style:style style:name="CAP" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties>
    <style:tab-stops>
     <style:tab-stop style:position="3.1in"/>
     <style:tab-stop style:position="3.5in"/>
    </style:tab-stops>
   </style:paragraph-properties>
  </style:style>
  <style:style style:name="Boxed" style:family="table">
   <style:table-properties style:width="6.5in" table:align="margins"/>
  </style:style>
  <style:style style:name="Cell" style:family="table-cell">
   <style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.04in"/>
  </style:style>
  <style:style style:name="Open" style:family="table-cell">
   <style:table-cell-properties fo:border="none" fo:padding="0.04in"/>
  </style:style>
  <style:style style:name="fr1" style:family="graphic">
   <style:graphic-properties style:wrap="parallel" style:vertical-pos="top" style:vertical-rel="paragraph"
     style:horizontal-pos="right" style:horizontal-rel="paragraph" fo:border="0.5pt solid #000000" fo:padding="0.05in"/>
  </style:style>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="8.5in" fo:page-height="11in" fo:margin-top="0.7in"
     fo:margin-bottom="0.7in" fo:margin-left="1in" fo:margin-right="1in"/>
   <style:header-style><style:header-footer-properties fo:min-height="0in" fo:margin-bottom="0.2in"/></style:header-style>
   <style:footer-style><style:header-footer-properties fo:min-height="0in" fo:margin-top="0.2in"/></style:footer-style>
  </style:page-layout>
 </office:automatic-styles>
'''

def inline(s):
    """Tabs and manual line breaks as Writer writes them; {page} is the page-number field."""
    out = escape(s).replace('\t', '<text:tab/>').replace('\n', '<text:line-break/>')
    return out.replace('{page}', '<text:page-number text:select-page="current">1</text:page-number>')

def p(style, s):
    return f'<text:p text:style-name="{style}">{inline(s)}</text:p>'

def table(rows, boxed):
    cell_style = 'Cell' if boxed else 'Open'
    width = max(len(r) for r in rows)
    xml = [f'<table:table table:name="T{id(rows)}" table:style-name="Boxed"><table:table-column table:number-columns-repeated="{width}"/>']
    for r in rows:
        xml.append('<table:table-row>')
        for cell in r:
            paras = ''.join(p('L', line) for line in cell.split('|'))
            xml.append(f'<table:table-cell table:style-name="{cell_style}" office:value-type="string">{paras}</table:table-cell>')
        xml.append('</table:table-row>')
    xml.append('</table:table>')
    return ''.join(xml)

def box(lines, first):
    inner = ''.join(p('L', l) for l in lines)
    frame = f'<draw:frame draw:style-name="fr1" draw:name="Box" text:anchor-type="paragraph" svg:width="2.6in" svg:height="0.9in" draw:z-index="0"><draw:text-box>{inner}</draw:text-box></draw:frame>'
    return f'<text:p text:style-name="C">{frame}{inline(first)}</text:p>'

def document(name, parts, header='', footer=''):
    body = []
    for kind, *args in parts:
        if kind == 'table': body.append(table(args[0], args[1] if len(args) > 1 else False))
        elif kind == 'box': body.append(box(args[0], args[1]))
        else: body.extend(p(kind, line) for line in args)
    master = '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
    if header: master += f'<style:header>{p("C", header)}</style:header>'
    if footer: master += f'<style:footer>{p("C", footer)}</style:footer>'
    master += '</style:master-page></office:master-styles>'
    with open(os.path.join(SRC, name + '.fodt'), 'w', encoding='utf-8') as f:
        f.write(HEAD + master + '<office:body><office:text>' + ''.join(body) + '</office:text></office:body></office:document>')

COURT = ('CB', 'UNITED STATES BANKRUPTCY COURT', 'DISTRICT OF CONNECTICUT')
COURT_DIV = ('CB', 'UNITED STATES BANKRUPTCY COURT', 'DISTRICT OF CONNECTICUT', 'HARTFORD DIVISION')
RULE = '_______________________________________'

# The contested-matter caption of a stay-relief motion: the `)` column on tab stops.
PAREN = ('CAP',
    'IN RE:\t)\tCASE NO. 13-30001 (JAM)',
    '\t)',
    'JOHN DANIEL,\t)\tCHAPTER 13',
    '\tDebtor.\t)',
    RULE + ')',
    'WELLS FARGO BANK, N.A.,\t)',
    '\tMovant,\t)',
    'v.\t)\tRE: ECF No. 42',
    'JOHN DANIEL,\t)',
    '\tRespondent.\t)',
    RULE + ')')
STAY_TITLE = ('Title', 'ORDER GRANTING MOTION FOR RELIEF FROM THE AUTOMATIC STAY')
STAY_BODY = ('J',
    'Upon the Motion for Relief from the Automatic Stay (the “Motion,” ECF No. 42) filed by Wells Fargo Bank, N.A. (the “Movant”) with respect to the real property known as 12 Elm Street, Hartford, Connecticut, and after notice and a hearing, it is hereby',
    'ORDERED: that the Motion is GRANTED, and the automatic stay of 11 U.S.C. § 362(a) is modified to permit the Movant to pursue its rights under applicable non-bankruptcy law; and it is further',
    'ORDERED: that the fourteen-day stay of Fed. R. Bankr. P. 4001(a)(3) is waived.')
PREPARED = ('L', 'Prepared by:', 'Dated: June 3, 2014', 'THE MOVANT,', 'WELLS FARGO BANK, N.A.', 'By: /s/ Jennifer Wu', 'Jennifer Wu, Esq. (ct101234)', 'McCalla Raymer Leibert Pierce, LLC', '50 Weston Street', 'Hartford, CT 06120', 'Tel. (860) 808-0606', 'Its Attorneys')
CERTIFICATE = [('CB', 'CERTIFICATE OF SERVICE'),
    ('J', 'I hereby certify that on this 3rd day of June, 2014, a copy of the foregoing revised proposed order was served electronically through the Court’s CM/ECF system on all appearing parties and by first-class mail, postage prepaid, on the following:'),
    ('L', 'John Daniel, 12 Elm Street, Hartford, CT 06103 (Debtor)', 'Molly T. Whiton, 10 Columbus Boulevard, Hartford, CT 06106 (Chapter 13 Trustee)', 'U.S. Trustee, 150 Court Street, New Haven, CT 06510'),
    ('SIG', '/s/ Jennifer Wu', RULE, 'Jennifer Wu, Esq.')]

def caption_colon(names, number, chapter, debtor_word='Debtor.'):
    lines = ['IN RE:\t:\tCHAPTER ' + chapter, '\t:']
    for i, n in enumerate(names):
        lines.append(n + ('\t:\tCASE NO. ' + number if i == 0 else '\t:'))
    lines += ['\t' + debtor_word + '\t:', '---------------------------------------------------------------x']
    return ('CAP', *lines)

# ---- orders that meet ECF Procedure 14

document('good-paren-caption', [COURT_DIV, PAREN, STAY_TITLE, STAY_BODY])

document('good-colon-company', [COURT, caption_colon(['EASTSHORE DINER, INC.,'], '13-30002 (JAM)', '11', 'Debtor and Debtor-in-Possession.'),
    ('Title', 'ORDER AUTHORIZING THE DEBTOR’S INTERIM USE OF CASH COLLATERAL'),
    ('J', 'Upon the Debtor’s Emergency Motion for Authority to Use Cash Collateral (ECF Doc. No. 42), the Court finding that the relief requested is in the best interests of the estate, it is hereby',
          'ORDERED: that the Debtor is authorized to use cash collateral in accordance with the budget annexed hereto as Exhibit A through the date of the final hearing.')])

document('good-table-company', [COURT,
    ('table', [['In re:|LAKESIDE DENTAL GROUP, P.C.,|Debtor.', ')|)|)|)', 'Case No. 13-30003 (JAM)|Chapter 7']], False),
    ('Title', 'ORDER APPROVING SALE OF DENTAL EQUIPMENT FREE AND CLEAR OF LIENS'),
    ('J', 'Upon the Chapter 7 Trustee’s Motion to Sell Dental Equipment Free and Clear of Liens (Doc. #42), due notice having been given and no objection having been filed, it is hereby',
          'ORDERED: that the Motion is GRANTED and the Trustee is authorized to sell the equipment described in the Motion to Shoreline Dental Supply, LLC for $38,500.00.')])

document('good-joint-debtors', [COURT, ('CAP',
    'In re:\t)\tCase No. 13-30004 (JAM)',
    'ROBERT J. KOWALSKI and\t)',
    'LINDA M. KOWALSKI,\t)\tChapter 13',
    '\tDebtors.\t)'),
    ('Title', 'ORDER CONFIRMING CHAPTER 13 PLAN'),
    ('J', 'The Debtors’ First Amended Chapter 13 Plan dated February 10, 2014 (Docket Entry No. 42) having been transmitted to all creditors, and the Court having found that the plan complies with 11 U.S.C. § 1325, it is hereby',
          'ORDERED: that the plan is CONFIRMED.'),
    ('L', 'Submitted by:', '/s/ Ann Lee', 'Ann Lee, Esq.\nLee & Associates, LLC\nJuris No. 412345', 'Counsel for the Debtors')])

document('good-aka', [COURT, ('CAP',
    'IN RE:\t§\tCASE NO. 13-30005 (JAM)',
    'MARIA SANTOS a/k/a\t§',
    'MARIA SANTOS-RIVERA,\t§\tCHAPTER 7',
    '\tDebtor.\t§'),
    ('Title', 'ORDER GRANTING MOTION TO AVOID JUDICIAL LIEN'),
    ('J', 'Upon the Debtor’s Motion to Avoid Judicial Lien of Capital One Bank (USA), N.A. under 11 U.S.C. § 522(f) [ECF No. 42], and after notice and an opportunity for a hearing, it is hereby',
          'ORDERED: that the judicial lien recorded on the Hartford land records at Volume 6102, Page 211 is AVOIDED in its entirety.')])

document('good-prepared-by', [COURT_DIV, PAREN, STAY_TITLE, STAY_BODY, PREPARED])

document('good-certificate', [COURT_DIV, PAREN, ('Title', 'REVISED ORDER GRANTING MOTION FOR RELIEF FROM THE AUTOMATIC STAY'), STAY_BODY,
    ('J', 'ORDERED: that the Movant shall serve a copy of this order on the Debtor, the Chapter 13 Trustee and all appearing parties.'), PREPARED, *CERTIFICATE])

document('good-header-footer', [
    ('CAP', 'In re:\t)', 'HARBOR POINT HOLDINGS, L.L.C.,\t)\tCase No. 3:13-bk-30006 (JAM)', '\t)\tChapter 11', '\tDebtor.\t)', RULE + ')'),
    ('Title', 'ORDER AUTHORIZING RETENTION OF ACCOUNTANTS'),
    ('J', 'Upon the Application of the Debtor to Retain Pinnacle CPA Group as Accountants (Dkt. 42), and the Court being satisfied that the firm is disinterested within 11 U.S.C. § 101(14), it is hereby',
          'ORDERED: that the Application is APPROVED, effective as of the date of the Application.')],
    header='UNITED STATES BANKRUPTCY COURT — DISTRICT OF CONNECTICUT',
    footer='Case No. 13-30006 (JAM) — Page {page}')

document('good-recital-judge', [COURT_DIV, PAREN, ('Title', 'ORDER CONTINUING THE AUTOMATIC STAY ON CONDITIONS'),
    ('J', 'A hearing on the Motion for Relief from the Automatic Stay (ECF No. 42) having been held before the Honorable Julie A. Manning, Chief United States Bankruptcy Judge, on March 3, 2014, and the parties having agreed on the record to the conditions below, it is hereby',
          'ORDERED: that the automatic stay remains in effect on condition that the Debtor makes each regular monthly mortgage payment when due, beginning April 1, 2014; and it is further',
          'ORDERED: that upon a default, the Movant may file an affidavit of non-compliance and the Court may grant relief without further hearing.')])

document('good-consent', [COURT_DIV, PAREN, ('Title', 'CONSENT ORDER RESOLVING MOTION FOR RELIEF FROM STAY'),
    ('J', 'The Movant and the Debtor, having resolved the Motion for Relief from Stay (ECF No. 42) as set out below, consent to the entry of this order. It is hereby',
          'ORDERED: that the Debtor shall cure the post-petition arrearage of $4,212.00 in six equal monthly installments.'),
    ('table', [['THE MOVANT,|WELLS FARGO BANK, N.A.|By: /s/ Jennifer Wu|Jennifer Wu, Esq.|Its Attorneys', 'THE DEBTOR,|JOHN DANIEL|By: /s/ Ann Lee|Ann Lee, Esq.|His Attorney']], False)])

document('good-textbox-submitted', [
    ('box', ['Submitted by Attorney Renée Roe', 'Roe Law Group, P.C.', 'Juris No. 423456'], 'UNITED STATES BANKRUPTCY COURT'),
    ('CB', 'DISTRICT OF CONNECTICUT'),
    ('table', [['In re:|LAKESIDE DENTAL GROUP, P.C.,|Debtor.', 'Case No. 13-30003 (JAM)|Chapter 7|Re: ECF No. 42']], True),
    ('Title', 'ORDER ALLOWING FIRST AND FINAL COMPENSATION TO COUNSEL FOR THE TRUSTEE'),
    ('J', 'Upon the First and Final Application for Compensation of Roe Law Group, P.C., counsel for the Chapter 7 Trustee, for the period from January 2, 2014 through May 30, 2014 (the “Application”), the Court having reviewed the Application, it is hereby',
          'ORDERED: that compensation of $12,400.00 and reimbursement of expenses of $310.25 are ALLOWED.')])

document('good-scheduling-blank', [COURT_DIV, PAREN, ('Title', 'ORDER SCHEDULING CONTINUED HEARING'),
    ('J', 'The Motion for Relief from the Automatic Stay (ECF No. 42) having come before the Court, and the parties having requested a continuance, it is hereby',
          'ORDERED: that a continued hearing on the Motion shall be held on the ____ day of __________, 2014 at 10:00 a.m. at the United States Bankruptcy Court, 450 Main Street, Hartford, Connecticut; and it is further',
          'ORDERED: that the Movant shall serve this order on the Debtor and the Chapter 13 Trustee within three days of its entry.'), PREPARED])

# ---- orders with ECF Procedure 14(c) defects (the name says which)

document('bad-judge-block', [COURT_DIV, PAREN, STAY_TITLE, STAY_BODY,
    ('L', 'Dated at Hartford, Connecticut this ___ day of ____________, 2014.'),
    ('SIG', 'BY THE COURT', '', RULE, 'Julie A. Manning', 'Chief United States Bankruptcy Judge'), PREPARED])

document('bad-bare-title', [COURT_DIV, PAREN, STAY_TITLE, STAY_BODY, ('SIG', RULE, 'United States Bankruptcy Judge')])

document('bad-hon-name', [COURT_DIV, PAREN, STAY_TITLE, STAY_BODY, ('SIG', 'Hon. Julie A. Manning'), PREPARED])

document('bad-date-line', [COURT, caption_colon(['EASTSHORE DINER, INC.,'], '13-30002 (JAM)', '11'),
    ('Title', 'ORDER AUTHORIZING THE DEBTOR’S INTERIM USE OF CASH COLLATERAL'),
    ('J', 'Upon the Debtor’s Emergency Motion for Authority to Use Cash Collateral (ECF Doc. No. 42), it is hereby', 'ORDERED: that the Motion is GRANTED on an interim basis.'),
    ('L', 'Dated: ____________________')])

document('bad-table-signature', [COURT_DIV, PAREN, STAY_TITLE, STAY_BODY, PREPARED,
    ('table', [['Dated: ______________', 'BY THE COURT:| |' + RULE + '|Chief Judge Manning']], False)])
PY

# One LibreOffice run per target format converts every source.
for fmt in docx doc rtf; do
  "${SOFFICE[@]}" --convert-to "$fmt" --outdir "$WORK/out" "$WORK"/src/*.fodt >/dev/null 2>&1
done

rm -f "$OUT"/*.docx "$OUT"/*.doc "$OUT"/*.rtf
for f in "$WORK"/out/*; do
  size=$(stat -c %s "$f")
  if [ "$size" -gt 102400 ]; then echo "$(basename "$f") is $size bytes, over 100 KB" >&2; exit 1; fi
  cp "$f" "$OUT/"
done
ls -l "$OUT"
