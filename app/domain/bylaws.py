"""A first draft of a council's 設置要綱, in the articles towns usually give one.

The wording is ours; the articles follow what 設置要綱 of 協議体 commonly contain (趣旨, 目的,
協議事項, 構成員, 任期, 会議, 事務局, 秘密の保持, 補則, 附則). The draft is only a start: the
wizard shows it in an editor, and the town's own rules and legal check come first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.wareki import format_wareki

DEFAULT_TOPICS = (
    "地域の支え合いの活動や地域資源についての情報の共有",
    "地域の困りごと（地域課題）の把握と、その解決に向けた話し合い",
    "住民が支え合いに参加するきっかけづくりと、担い手の育成",
    "その他、地域の支え合いの体制づくりに必要なこと",
)


@dataclass(frozen=True)
class BylawsTerms:
    municipality: str
    council_name: str
    area_name: str  # 「みどり町全域」「北中学校区」
    layer: int
    purpose: str = ""
    topics: tuple[str, ...] = ()
    member_kinds: tuple[str, ...] = ()  # e.g. 自治会, 民生委員: who may be appointed
    term_years: int = 2
    secretariat: str = ""  # e.g. みどり町社会福祉協議会
    effective_on: date | None = None


def _numbered(lines: tuple[str, ...]) -> list[str]:
    kanji = "一二三四五六七八九十"
    return [f"（{kanji[i] if i < len(kanji) else i + 1}）{line}" for i, line in enumerate(lines)]


def draft_bylaws(terms: BylawsTerms) -> str:
    """The 設置要綱 text, article by article, ready to be edited."""
    layer_text = "第1層（町全域）" if terms.layer == 1 else "第2層（日常生活圏域）"
    purpose = terms.purpose.strip() or (
        f"{terms.area_name}に住む高齢者が、住み慣れた地域で安心して暮らし続けられるよう、"
        "地域の多様な主体が情報を共有し、支え合いの活動を広げること"
    )
    topics = terms.topics or DEFAULT_TOPICS
    kinds = "、".join(terms.member_kinds) if terms.member_kinds else "地域の団体・関係機関"
    secretariat = terms.secretariat.strip() or f"{terms.municipality}の高齢者福祉の担当課"
    effective = format_wareki(terms.effective_on) if terms.effective_on else "　　年　　月　　日"
    articles = [
        (
            "趣旨",
            [
                f"この要綱は、{terms.municipality}の生活支援体制整備事業として、"
                f"{terms.area_name}に{layer_text}の協議体「{terms.council_name}」"
                "（以下「協議体」という。）を置くことについて、必要な事項を定める。"
            ],
        ),
        ("目的", [f"協議体は、{purpose}を目的とする。"]),
        ("協議事項", ["協議体は、次に掲げる事項について協議する。", *_numbered(topics)]),
        (
            "構成員",
            [
                f"協議体の構成員は、{kinds}のうちから、協議体の目的に賛同する者をもって構成する。",
                "２　協議体に会長及び副会長を置き、構成員の互選により定める。",
                "３　会長は協議体を代表し、会議の進行を務める。副会長は会長を補佐し、"
                "会長に事故があるときはその職務を代理する。",
            ],
        ),
        (
            "任期",
            [
                f"構成員の任期は{terms.term_years}年とし、再任を妨げない。",
                "２　構成員が欠けた場合の後任の者の任期は、前任者の残りの期間とする。",
            ],
        ),
        (
            "会議",
            [
                "協議体の会議は、会長が招集し、その議長となる。",
                "２　会議は、原則として定期的に開催するほか、必要に応じて開催することができる。",
                "３　会長は、必要があると認めるときは、構成員以外の者に会議への出席を求め、"
                "意見を聴くことができる。",
                "４　会議の内容は議事録に記録し、構成員の確認を受ける。",
            ],
        ),
        (
            "事務局",
            [
                f"協議体の事務局は、{secretariat}に置き、"
                "生活支援コーディネーターと協力して協議体の運営を支える。"
            ],
        ),
        (
            "秘密の保持",
            [
                "構成員及び会議に出席した者は、会議で知り得た個人の情報を他に漏らしてはならない。"
                "その職を退いた後も同様とする。"
            ],
        ),
        (
            "補則",
            [
                "この要綱に定めるもののほか、協議体の運営に必要な事項は、会長が協議体に諮って定める。"
            ],
        ),
    ]
    lines = [f"{terms.council_name}設置要綱", ""]
    for number, (heading, paragraphs) in enumerate(articles, start=1):
        lines.append(f"（{heading}）")
        lines.append(f"第{number}条　{paragraphs[0]}")
        lines.extend(paragraphs[1:])
        lines.append("")
    lines += ["附　則", f"この要綱は、{effective}から施行する。"]
    return "\n".join(lines)
