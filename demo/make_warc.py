"""Build demo/corpus/archive/crawl.warc.gz, a small web-archive crawl for the demo corpus.

The crawl holds three article pages (Northern Ledger, Global Dispatch, Meridian Wire), the
request records that fetched two of them, a robots.txt and an image. Only the three HTML
responses are articles; everything else must be skipped by the WARC reader.

Run from the project root:

    .venv/bin/python demo/make_warc.py

The output is byte-for-byte reproducible: record ids and dates are fixed, not drawn at run time.
"""

import html
import struct
import uuid
import zlib
from email.utils import parsedate_to_datetime
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parent / "corpus" / "archive" / "crawl.warc.gz"
NAMESPACE = uuid.UUID("6f1c2a4e-3b7d-4d8a-9e21-5a0c7b9d1e42")
USER_AGENT = "newsgraph-demo-crawler/0.1 (+https://newsgraph.example/bot)"


def paragraphs(paras):
    return "\n".join(f"      <p>{html.escape(p, quote=False)}</p>" for p in paras)


# --- Northern Ledger: Iran frees the tanker (event 1), 5 March 2026 -------------------------

LEDGER_URL = "https://www.northernledger.example/world/2026/mar/05/iran-frees-greek-tanker-kalliope-star-oman"
LEDGER_PARAS = [
    "Iran freed the Greek-flagged tanker Kalliope Star on Thursday, four days after Revolutionary Guards boarded it in the Strait of Hormuz, in what Tehran called a goodwill gesture and Athens called the end of an illegal detention.",
    "Iran's foreign minister, Reza Nikpour, said the release showed that the case had always been \"a judicial matter, not a political one\". Speaking at a news conference in Tehran alongside his Omani counterpart, Khalid al-Harthy, he thanked Muscat for its \"constructive role\" and said Iran \"harbours no hostility towards the Greek people\".",
    "“The court has done its work, the damages have been secured, and the ship is free to go,” Nikpour said. “We hope that those who rushed to accuse Iran will show the same energy in defending the rights of Iranian fishermen.”",
    "The Foreign Office in London welcomed the release but said the seizure had been “unlawful from the start”. Rupert Kellaway, the minister for the Middle East, said Britain would \"continue to work with partners to deter any repeat\".",
    "The EU's foreign policy spokesperson, Ingrid Sollerud, said Brussels was relieved that the crew were safe. \"Freedom of navigation is not a favour that coastal states grant and withdraw as they please,\" she said, adding that EU ministers would still discuss shipping security in the Gulf at their meeting later this month.",
    "In Athens, the mood was one of relief rather than triumph. Relatives of the five Greek officers aboard gathered at the offices of Thalassa Maritime in Piraeus to follow the ship's departure on a tracking screen, and some wept as it cleared the anchorage.",
    "It is not clear what, if anything, Iran obtained in return. Nikpour denied that any payment had been made to the Iranian state, saying that a guarantee lodged by the owner would go to the owners of the damaged fishing boat. Greek officials said no political concessions had been offered.",
    "Diplomats in the region said the speed of the release suggested Tehran had concluded that holding the ship was costing it more goodwill than it was worth, particularly with its Gulf neighbours and with China, the largest buyer of its oil. Beijing had avoided criticising Iran directly but had called repeatedly for shipping lanes to be kept safe.",
    "\"Four days is short by the standards of previous seizures,\" said Farid Kazemi, a researcher at the Institute for Gulf Maritime Studies. \"It tells you the message was sent and received, and that keeping the ship any longer had become a liability.\"",
    "The Kalliope Star is expected to reach Fujairah, in the United Arab Emirates, on Friday.",
]

LEDGER_HTML = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Iran frees Greek tanker after Omani mediation, but questions linger over seizure | World news | Northern Ledger</title>
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<meta name="description" content="Tehran calls the release a goodwill gesture; London and Brussels say the boarding was unlawful from the start">
<meta name="author" content="Helen Carver">
<link rel="canonical" href="{LEDGER_URL}">
<meta property="og:site_name" content="Northern Ledger">
<meta property="og:type" content="article">
<meta property="og:title" content="Iran frees Greek tanker after Omani mediation, but questions linger over seizure">
<meta property="og:url" content="{LEDGER_URL}">
<meta property="og:image" content="https://www.northernledger.example/img/2026/03/05/piraeus-families.jpg">
<meta property="article:published_time" content="2026-03-05T18:05:00+00:00">
<meta property="article:modified_time" content="2026-03-05T19:40:00+00:00">
<meta property="article:section" content="World news">
<link rel="stylesheet" href="/assets/ledger.css">
</head>
<body>
<div class="cmp-overlay" id="sp_message_container"><div class="cmp-box">
  <h2>Your privacy</h2>
  <p>We and our partners use cookies to deliver and improve our journalism and to show you personalised advertising. Select 'Yes, I'm happy' to accept, or manage your settings.</p>
  <button>Yes, I'm happy</button> <button>Manage my cookies</button>
</div></div>
<header class="ledger-header">
  <a class="ledger-logo" href="/">Northern Ledger</a>
  <p class="support-ask">Independent journalism since 1851. <a href="/support">Support us</a></p>
  <nav><ul>
    <li><a href="/uk">UK</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
    <li><a href="/environment">Environment</a></li><li><a href="/culture">Culture</a></li><li><a href="/sport">Sport</a></li>
  </ul></nav>
</header>
<main>
  <article>
    <div class="series-label"><a href="/world/iran">Iran</a></div>
    <h1>Iran frees Greek tanker after Omani mediation, but questions linger over seizure</h1>
    <div class="standfirst"><p>Tehran calls the release a goodwill gesture; London and Brussels say the boarding was unlawful from the start</p></div>
    <address class="byline">Helen Carver, Diplomatic Correspondent</address>
    <div class="dateline"><time datetime="2026-03-05T18:05:00+00:00">Thu 5 Mar 2026 18.05 GMT</time></div>
    <figure class="main-media">
      <img src="https://www.northernledger.example/img/2026/03/05/piraeus-families.jpg" alt="Relatives watch a screen in an office">
      <figcaption>Relatives of crew members follow the Kalliope Star's departure at the offices of Thalassa Maritime in Piraeus on Thursday. <span class="credit">Photograph: Eleni Stathopoulou/Northern Ledger</span></figcaption>
    </figure>
    <div class="article-body">
{paragraphs(LEDGER_PARAS)}
    </div>
    <div class="submeta"><a href="/world/iran">Iran</a> <a href="/world/greece">Greece</a> <a href="/world/oman">Oman</a> <a href="/business/shipping">Shipping</a></div>
  </article>
  <aside class="most-viewed"><h2>Most viewed</h2><ol>
    <li><a href="/uk/2026/mar/05/rail-strike-dates">Rail strike dates announced for late March</a></li>
    <li><a href="/world/2026/mar/05/togo-junta-arrests-opposition">Togo junta arrests opposition leaders as coup draws wider condemnation</a></li>
    <li><a href="/sport/2026/mar/05/six-nations-team-news">Six Nations: team news for the weekend</a></li>
  </ol></aside>
</main>
<footer class="ledger-footer">
  <ul><li><a href="/about">About us</a></li><li><a href="/help/contact">Contact us</a></li><li><a href="/complaints">Complaints &amp; corrections</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/cookies">Cookie policy</a></li></ul>
  <p>&copy; 2026 Northern Ledger Media Ltd. All rights reserved.</p>
</footer>
</body>
</html>
"""

# --- Global Dispatch: the Armenia-Azerbaijan truce holds (event 2), 5 March 2026 ------------

DISPATCH_URL = "https://www.globaldispatch.example/europe/2026/03/05/armenia-azerbaijan-truce-holds-soldiers-buried"
DISPATCH_PARAS = [
    "A ceasefire between Armenia and Azerbaijan largely held overnight, officials on both sides said on Thursday, as Armenia prepared to bury four soldiers killed in Tuesday's cross-border shelling.",
    "Armenia's Defence Ministry said the border had been \"generally calm\" since the truce took effect at 8pm on Wednesday, apart from small-arms fire near Sotk shortly before midnight that caused no injuries. Azerbaijan's Defence Ministry reported no violations by its forces and accused Armenian units of firing \"several shots\" in the direction of Kalbajar, a claim Yerevan denied.",
    "The funerals were due to be held this afternoon at the Yerablur military cemetery on the edge of Yerevan, where many of the dead of the 2020 war are buried. The civilian killed in the shelling, a 58-year-old farmer, was buried in his village of Kut yesterday.",
    "Prime Minister Davit Avetisyan, who is expected to attend, said on Wednesday evening that the ceasefire was \"only the first step\" and that Armenia would not allow the deaths to be \"filed away as an incident\".",
    "The two foreign ministers, Lilit Sargsyan of Armenia and Tural Mammadov of Azerbaijan, are due to meet in Abu Dhabi tomorrow for talks hosted by the United Arab Emirates and attended by US officials. Sargsyan has said she will press for an international investigation into the clash. Mammadov's office said Baku would \"not accept any third-party mechanisms\" and wanted the talks to focus on finalising the peace treaty.",
    "“We are going to Abu Dhabi to talk about the future, not to be put on trial,” Mammadov said in a statement. “Azerbaijan has shown restraint for two years. Our patience should not be mistaken for weakness.”",
    "Russia, which long regarded the South Caucasus as its sphere of influence but has seen its role there shrink, welcomed the ceasefire. Kremlin spokesman Vadim Sorokin said Moscow hoped it would prove \"durable\", and criticised what he called \"attempts by outside players to take over the peace process\", in an apparent reference to Washington.",
    "French Foreign Minister Claire Dumesnil said in Paris that France “stands with Armenia” and that Tuesday's strikes “must not go unanswered at the diplomatic level”. She did not rule out that France could propose EU measures against those responsible, but said that “the priority today is that the ceasefire holds”.",
    "Turkey's foreign minister, Selim Karaca, spoke by telephone with Mammadov on Wednesday night and \"reaffirmed Türkiye's full solidarity with Azerbaijan\", the Turkish Foreign Ministry said.",
    "In Baku, state television devoted much of its evening bulletin to what it called the army's \"decisive response\", and showed the funeral of the Azerbaijani soldier killed on Monday night, a 21-year-old conscript from Ganja.",
]

DISPATCH_HTML = f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
  <meta charset="utf-8">
  <title>Armenia-Azerbaijan truce holds as soldiers are buried in Yerevan — Global Dispatch</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="canonical" href="{DISPATCH_URL}">
  <meta property="og:site_name" content="Global Dispatch">
  <meta property="og:title" content="Armenia-Azerbaijan truce holds as soldiers are buried in Yerevan">
  <meta property="og:type" content="article">
  <meta property="og:url" content="{DISPATCH_URL}">
  <meta property="article:published_time" content="2026-03-05T10:15:00+01:00">
  <meta name="author" content="Lucie Marchand">
  <meta name="dcterms.language" content="en">
  <link rel="alternate" hreflang="fr" href="https://fr.globaldispatch.example/europe/2026/03/05/treve-armenie-azerbaidjan">
  <link rel="stylesheet" href="/static/gd.css">
  <script>(function(){{var s=document.createElement('script');s.src='/static/tag.js';document.head.appendChild(s);}})();</script>
</head>
<body class="article-page">
  <div class="cookie-notice" data-nosnippet>
    <p>This site uses cookies for audience measurement and advertising. <a href="/cookies">Find out more</a>.</p>
    <button class="cookie-notice__accept">Accept</button><button class="cookie-notice__refuse">Continue without accepting</button>
  </div>
  <header class="gd-header">
    <div class="gd-brand"><a href="/">Global Dispatch</a></div>
    <nav class="gd-nav">
      <a href="/world/">World</a> <a href="/europe/">Europe</a> <a href="/africa/">Africa</a>
      <a href="/middle-east/">Middle East</a> <a href="/asia-pacific/">Asia-Pacific</a> <a href="/americas/">Americas</a>
      <a href="/economy/">Economy</a> <a href="/live/">Live</a>
    </nav>
  </header>
  <div class="gd-layout">
    <article class="gd-article">
      <p class="gd-article__section">Europe · South Caucasus</p>
      <h1 class="gd-article__title">Armenia-Azerbaijan truce holds as soldiers are buried in Yerevan</h1>
      <p class="gd-article__lead">The ceasefire that took effect on Wednesday evening has largely held, both sides say, as foreign ministers prepare to meet in Abu Dhabi.</p>
      <p class="gd-article__meta">By <span class="author">Lucie Marchand</span>, in Yerevan · <time datetime="2026-03-05T10:15:00+01:00">05/03/2026 10:15</time></p>
      <figure class="gd-figure">
        <img src="https://www.globaldispatch.example/media/2026/03/05/yerablur.jpg" alt="Soldiers carry a coffin">
        <figcaption>Soldiers prepare the Yerablur military cemetery in Yerevan for Thursday's funerals. <span class="credit">Photo: Tigran Hovhannisyan/Global Dispatch</span></figcaption>
      </figure>
      <div class="gd-article__body">
{paragraphs(DISPATCH_PARAS)}
      </div>
      <div class="gd-read-also"><strong>Read also:</strong> <a href="/europe/2026/03/03/armenia-shelling-five-dead">Five killed as Azerbaijani shells hit Armenian border villages</a></div>
    </article>
    <aside class="gd-sidebar">
      <h2>Latest news</h2>
      <ul>
        <li><a href="/africa/2026/03/05/ecowas-togo-sanctions-threat">ECOWAS threatens sanctions over Togo putsch</a></li>
        <li><a href="/middle-east/2026/03/05/hormuz-tanker-seizures-short-history">Hormuz seizures: a short history</a></li>
      </ul>
    </aside>
  </div>
  <footer class="gd-footer">
    <p><a href="/legal">Legal notice</a> · <a href="/privacy">Personal data</a> · <a href="/cookies">Cookies</a> · <a href="/contact">Contact</a></p>
    <p>Global Dispatch &copy; 2026</p>
  </footer>
</body>
</html>
"""

# --- Meridian Wire website: EU-Mozambique flood pact signed (event 4), 2 March 2026 --------

WIRE_URL = "https://www.meridianwire.example/africa/2026/03/02/eu-mozambique-sign-flood-recovery-pact"
WIRE_PARAS = [
    "MAPUTO, March 2 (Meridian Wire) - The European Union and Mozambique signed a 180 million euro agreement on Monday to help the southern African country recover from weeks of flooding that have killed at least 142 people and driven more than 300,000 from their homes.",
    "The Flood Recovery and Resilience Compact, signed in Maputo by EU Commissioner for International Partnerships Annelies Verhoeven and Mozambican Foreign Minister Celso Mabunda, combines 55 million euros in emergency humanitarian aid with 125 million euros over three years to rebuild roads, bridges and drainage in the worst-hit provinces of Sofala, Manica and Zambezia.",
    "\"Mozambique's people have been hit by one disaster after another in recent years, and each time they have rebuilt. Europe wants to help them rebuild in a way that lasts,\" Verhoeven said at the signing ceremony. \"This is not charity. It is an investment in a partner we trust.\"",
    "Mabunda called the agreement \"a concrete expression of solidarity\" and said Mozambique would account for every euro.",
    "“We have lost schools, clinics and harvests. Some of our districts have been cut off for days, and children are being taught under trees,” he said.",
    "“With this agreement, we can begin to rebuild in a way that will stand up to the next storm.”",
    "The emergency component will be delivered mainly through the World Food Programme, UNICEF and the Mozambique Red Cross, the European Commission said. The reconstruction money will be released in tranches, subject to independent audits and to a joint monitoring committee that will publish its findings, a condition officials said had been negotiated over several weeks.",
    "The World Food Programme's country director, Hannah Lindqvist, welcomed the pact, saying it would allow the agency to feed about 400,000 people for three months. \"Needs are rising faster than resources, and this funding arrives at exactly the right moment,\" she said.",
    "Heavy rain since mid-February, made worse by a tropical storm that struck the coast near Beira last week, has pushed the Búzi, Pungwe and Zambezi rivers over their banks. Health officials have reported cholera cases in Beira and in several camps for displaced people.",
    "Mozambique's government has put the cost of the damage at more than 700 million dollars. The EU said it expected other donors to announce contributions in the coming days.",
    "(Reporting by Ana Matsinhe in Maputo; additional reporting by Julia Brandt in Brussels; Editing by Tom Aldridge)",
]

WIRE_HTML = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>EU and Mozambique sign 180 million euro flood recovery pact | Meridian Wire</title>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="canonical" href="{WIRE_URL}">
<meta property="og:site_name" content="Meridian Wire">
<meta property="og:type" content="article">
<meta property="og:title" content="EU and Mozambique sign 180 million euro flood recovery pact">
<meta property="og:url" content="{WIRE_URL}">
<meta property="article:published_time" content="2026-03-02T16:30:00+00:00">
<meta property="article:modified_time" content="2026-03-02T17:02:00+00:00">
<meta name="author" content="Ana Matsinhe">
<meta name="news_keywords" content="Mozambique, floods, European Union, humanitarian aid">
<link rel="stylesheet" href="https://assets.meridianwire.example/css/site.css">
</head>
<body>
<div id="onetrust-banner-sdk" class="otFlat"><div class="ot-sdk-container">
  <p id="onetrust-policy-text">By clicking "Accept All Cookies", you agree to the storing of cookies on your device to enhance site navigation, analyse site usage and assist in our marketing efforts.</p>
  <button id="onetrust-accept-btn-handler">Accept All Cookies</button><button id="onetrust-pc-btn-handler">Cookie Settings</button>
</div></div>
<header class="mw-header">
  <a href="/" class="mw-logo">MERIDIAN WIRE</a>
  <nav class="mw-nav"><ul>
    <li><a href="/world">World</a></li><li><a href="/africa">Africa</a></li><li><a href="/markets">Markets</a></li>
    <li><a href="/sustainability">Sustainability</a></li><li><a href="/legal">Legal</a></li><li><a href="/pictures">Pictures</a></li>
  </ul></nav>
  <a class="mw-cta" href="/professional">Meridian Wire for professionals</a>
</header>
<main class="mw-main">
  <article class="mw-story">
    <div class="mw-story__topic"><a href="/africa">Africa</a></div>
    <h1 class="mw-story__headline">EU and Mozambique sign 180 million euro flood recovery pact</h1>
    <div class="mw-story__info">
      <span class="mw-story__byline">By <a href="/authors/ana-matsinhe">Ana Matsinhe</a></span>
      <time datetime="2026-03-02T16:30:00Z">March 2, 2026 4:30 PM GMT</time>
      <span class="mw-story__updated">Updated 32 min ago</span>
    </div>
    <figure class="mw-story__media">
      <img src="https://assets.meridianwire.example/pictures/2026/03/02/maputo-signing.jpg" alt="Two officials sign documents">
      <figcaption>EU Commissioner Annelies Verhoeven and Mozambican Foreign Minister Celso Mabunda sign the flood recovery agreement in Maputo, March 2, 2026. <span class="credit">Photo: Ana Matsinhe/Meridian Wire</span></figcaption>
    </figure>
    <div class="mw-story__body">
{paragraphs(WIRE_PARAS)}
    </div>
    <p class="mw-story__trust"><a href="/trust-principles">Our Standards: The Meridian Wire Trust Principles.</a></p>
  </article>
  <aside class="mw-related"><h2>Read Next</h2><ul>
    <li><a href="/world/2026/03/02/iran-seizes-greek-tanker-hormuz">Iran seizes Greek-flagged tanker in Strait of Hormuz; Athens demands release</a></li>
    <li><a href="/markets/2026/03/02/brent-rises-hormuz">Oil rises after tanker seized near Hormuz</a></li>
  </ul></aside>
</main>
<footer class="mw-footer">
  <p>All quotes delayed a minimum of 15 minutes. <a href="/terms">Terms of use</a> · <a href="/privacy">Privacy</a> · <a href="/accessibility">Accessibility</a></p>
  <p>&copy; 2026 Meridian Wire. All rights reserved.</p>
</footer>
</body>
</html>
"""

ROBOTS_TXT = """User-agent: *
Disallow: /search
Disallow: /account/
Allow: /

Sitemap: https://www.northernledger.example/sitemaps/news.xml
"""


def tiny_png():
    """A valid 1x1 grey PNG: a non-HTML response that the reader must skip."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")


def record_id(uri, kind):
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, kind + ' ' + uri)}>"


def response(writer, uri, date, body, content_type, server):
    http_headers = StatusAndHeaders("200 OK", [
        ("Date", date),
        ("Server", server),
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "max-age=60"),
    ], protocol="HTTP/1.1")
    return writer.create_warc_record(
        uri, "response", payload=BytesIO(body), length=len(body), http_headers=http_headers,
        warc_headers_dict={"WARC-Record-ID": record_id(uri, "response"), "WARC-Date": warc_date(date),
                           "WARC-IP-Address": "192.0.2.10"})


def request(writer, uri):
    host = uri.split("/")[2]
    path = "/" + uri.split("/", 3)[3]
    http_headers = StatusAndHeaders(f"GET {path} HTTP/1.1", [
        ("Host", host),
        ("User-Agent", USER_AGENT),
        ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
        ("Accept-Language", "en"),
    ], protocol="HTTP/1.1", is_http_request=True)
    return writer.create_warc_record(
        uri, "request", http_headers=http_headers,
        warc_headers_dict={"WARC-Record-ID": record_id(uri, "request")})


def warc_date(http_date):
    """HTTP dates below are written as e.g. 'Fri, 06 Mar 2026 08:00:05 GMT'."""
    return parsedate_to_datetime(http_date).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        info = (b"software: newsgraph demo/make_warc.py (warcio)\r\n"
                b"format: WARC File Format 1.0\r\n"
                b"description: demo crawl of three fictional news pages\r\n"
                b"robots: obey\r\n")
        writer.write_record(writer.create_warc_record(
            "", "warcinfo", payload=BytesIO(info), length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Record-ID": record_id("crawl.warc.gz", "warcinfo"),
                               "WARC-Date": "2026-03-06T08:00:00Z", "WARC-Filename": "crawl.warc.gz"}))

        robots = "https://www.northernledger.example/robots.txt"
        writer.write_request_response_pair(
            request(writer, robots),
            response(writer, robots, "Fri, 06 Mar 2026 08:00:02 GMT", ROBOTS_TXT.encode(),
                     "text/plain; charset=utf-8", "nginx"))

        writer.write_request_response_pair(
            request(writer, LEDGER_URL),
            response(writer, LEDGER_URL, "Fri, 06 Mar 2026 08:00:05 GMT", LEDGER_HTML.encode("utf-8"),
                     "text/html; charset=utf-8", "nginx"))

        image = "https://www.northernledger.example/img/2026/03/05/piraeus-families-thumb.png"
        writer.write_record(response(writer, image, "Fri, 06 Mar 2026 08:00:06 GMT", tiny_png(),
                                     "image/png", "nginx"))

        writer.write_record(response(writer, DISPATCH_URL, "Fri, 06 Mar 2026 08:01:10 GMT",
                                     DISPATCH_HTML.encode("utf-8"), "text/html; charset=UTF-8", "Apache"))

        writer.write_request_response_pair(
            request(writer, WIRE_URL),
            response(writer, WIRE_URL, "Fri, 06 Mar 2026 08:02:31 GMT", WIRE_HTML.encode("utf-8"),
                     "text/html; charset=utf-8", "cloudfront"))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
