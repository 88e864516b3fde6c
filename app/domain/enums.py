"""Fixed vocabularies stored as strings; the Japanese label is what screens and papers show."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Layer(IntEnum):
    MUNICIPALITY = 1  # 第1層: 市町村全域
    DISTRICT = 2  # 第2層: 中学校区・日常生活圏域

    @property
    def label(self) -> str:
        return {1: "第1層（市町村全域）", 2: "第2層（中学校区・日常生活圏域）"}[self.value]


class OrganizationKind(StrEnum):
    NEIGHBORHOOD_ASSOCIATION = "neighborhood_association"
    SENIOR_CLUB = "senior_club"
    WELFARE_COMMISSIONER = "welfare_commissioner"
    SOCIAL_WELFARE_COUNCIL = "social_welfare_council"
    COMMUNITY_SUPPORT_CENTER = "community_support_center"
    NPO = "npo"
    VOLUNTEER_GROUP = "volunteer_group"
    COMPANY = "company"
    COOPERATIVE = "cooperative"
    SOCIAL_WELFARE_CORPORATION = "social_welfare_corporation"
    MEDICAL = "medical"
    GOVERNMENT = "government"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _ORG_LABELS[self]


_ORG_LABELS = {
    OrganizationKind.NEIGHBORHOOD_ASSOCIATION: "自治会・町内会",
    OrganizationKind.SENIOR_CLUB: "老人クラブ",
    OrganizationKind.WELFARE_COMMISSIONER: "民生委員",
    OrganizationKind.SOCIAL_WELFARE_COUNCIL: "社会福祉協議会",
    OrganizationKind.COMMUNITY_SUPPORT_CENTER: "地域包括支援センター",
    OrganizationKind.NPO: "NPO",
    OrganizationKind.VOLUNTEER_GROUP: "ボランティア団体",
    OrganizationKind.COMPANY: "民間企業",
    OrganizationKind.COOPERATIVE: "協同組合",
    OrganizationKind.SOCIAL_WELFARE_CORPORATION: "社会福祉法人",
    OrganizationKind.MEDICAL: "医療機関",
    OrganizationKind.GOVERNMENT: "行政",
    OrganizationKind.OTHER: "その他",
}


class LabelledEnum(StrEnum):
    """A stored string value with a Japanese label; `from_label` reads either form back."""

    @property
    def label(self) -> str:
        return type(self)._labels()[self]

    @classmethod
    def _labels(cls) -> dict:
        raise NotImplementedError

    @classmethod
    def from_label(cls, text: str):
        """The member whose label or value is `text` (as typed in a spreadsheet), or None."""
        text = text.strip()
        for member, label in cls._labels().items():
            if text in (label, member.value) or text in label.split("・"):
                return member
        return None


class ResourceCategory(LabelledEnum):
    """The four views of STEP 2-1."""

    ACTIVITY = "activity"
    SERVICE = "service"
    PROVIDER = "provider"
    PLACE = "place"

    @classmethod
    def _labels(cls) -> dict:
        return {
            cls.ACTIVITY: "高齢者が参加する活動",
            cls.SERVICE: "高齢者が利用するサービス",
            cls.PROVIDER: "実施主体",
            cls.PLACE: "場・拠点",
        }


class ResourceKind(LabelledEnum):
    SALON = "salon"
    EXERCISE = "exercise"
    WATCHING = "watching"
    MEALS = "meals"
    SHOPPING = "shopping"
    TRANSPORT = "transport"
    HOUSEWORK = "housework"
    HOBBY = "hobby"
    CONSULTATION = "consultation"
    MULTIGENERATION = "multigeneration"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict:
        return {
            cls.SALON: "サロン・居場所",
            cls.EXERCISE: "体操・運動",
            cls.WATCHING: "見守り",
            cls.MEALS: "配食",
            cls.SHOPPING: "買い物支援",
            cls.TRANSPORT: "移動支援",
            cls.HOUSEWORK: "家事援助",
            cls.HOBBY: "趣味・学び",
            cls.CONSULTATION: "相談",
            cls.MULTIGENERATION: "子ども・多世代",
            cls.OTHER: "その他",
        }


class ResourceState(LabelledEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"
    PLANNED = "planned"

    @classmethod
    def _labels(cls) -> dict:
        return {cls.ACTIVE: "活動中", cls.PAUSED: "休止", cls.ENDED: "終了", cls.PLANNED: "構想中"}


class Frequency(LabelledEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"  # 月N回
    NTH_WEEKDAY = "nth_weekday"  # 第N○曜日
    IRREGULAR = "irregular"

    @classmethod
    def _labels(cls) -> dict:
        return {
            cls.WEEKLY: "毎週",
            cls.BIWEEKLY: "隔週",
            cls.MONTHLY: "月N回",
            cls.NTH_WEEKDAY: "第N曜日",
            cls.IRREGULAR: "不定期",
        }


WEEKDAYS = "月火水木金土日"  # stored as a string of these characters, e.g. "月木"


class CouncilFormation(LabelledEnum):
    """How a 協議体 came to be: founded for the purpose, or an existing meeting regarded as one."""

    NEW = "new"
    EXISTING = "existing"

    @classmethod
    def _labels(cls) -> dict:
        return {cls.NEW: "新しく設置する", cls.EXISTING: "既存の会議を協議体とみなす"}


class CouncilStatus(LabelledEnum):
    PREPARING = "preparing"  # being set up: members asked, 設置要綱 drafted
    ACTIVE = "active"  # established: counts as evidence for STEP 1-3
    CLOSED = "closed"

    @classmethod
    def _labels(cls) -> dict:
        return {cls.PREPARING: "準備中", cls.ACTIVE: "設置済み", cls.CLOSED: "廃止"}


class MemberRole(LabelledEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    SECRETARIAT = "secretariat"
    COORDINATOR = "coordinator"

    @classmethod
    def _labels(cls) -> dict:
        return {
            cls.CHAIR: "会長",
            cls.VICE_CHAIR: "副会長",
            cls.MEMBER: "委員",
            cls.SECRETARIAT: "事務局",
            cls.COORDINATOR: "生活支援コーディネーター",
        }

    @property
    def rank(self) -> int:
        """Order on rosters: 会長, 副会長, 委員, then SC and 事務局."""
        return list(type(self)).index(self) if self is not MemberRole.SECRETARIAT else 9


class MeetingKind(LabelledEnum):
    COUNCIL = "council"
    ROUND_TABLE = "round_table"
    COMMUNITY_CARE = "community_care"
    LIAISON = "liaison"
    TRAINING = "training"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict:
        return {
            cls.COUNCIL: "協議体",
            cls.ROUND_TABLE: "座談会",
            cls.COMMUNITY_CARE: "地域ケア会議",
            cls.LIAISON: "連絡会議",
            cls.TRAINING: "研修・フォーラム",
            cls.OTHER: "その他",
        }


class Attendance(LabelledEnum):
    PRESENT = "present"
    ABSENT = "absent"
    GUEST = "guest"  # 傍聴・ゲスト
    SECRETARIAT = "secretariat"

    @classmethod
    def _labels(cls) -> dict:
        return {
            cls.PRESENT: "出席",
            cls.ABSENT: "欠席",
            cls.GUEST: "傍聴・ゲスト",
            cls.SECRETARIAT: "事務局",
        }


class MinutesState(LabelledEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"

    @classmethod
    def _labels(cls) -> dict:
        return {cls.DRAFT: "下書き", cls.CONFIRMED: "確認済み"}


class ActionState(LabelledEnum):
    OPEN = "open"
    DOING = "doing"
    DONE = "done"

    @classmethod
    def _labels(cls) -> dict:
        return {cls.OPEN: "未着手", cls.DOING: "対応中", cls.DONE: "完了"}


class IssueSource(LabelledEnum):
    """Where an area issue was noticed (STEP 2-2)."""

    INDIVIDUAL_CASE = "individual_case"
    COMMUNITY_CARE = "community_care"
    NEEDS_SURVEY = "needs_survey"
    ROUND_TABLE = "round_table"
    COUNCIL = "council"
    CONSULTATION = "consultation"
    CARE_PLAN = "care_plan"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict:
        return {
            cls.INDIVIDUAL_CASE: "個別ケース",
            cls.COMMUNITY_CARE: "地域ケア会議",
            cls.NEEDS_SURVEY: "ニーズ調査",
            cls.ROUND_TABLE: "座談会",
            cls.COUNCIL: "協議体",
            cls.CONSULTATION: "相談",
            cls.CARE_PLAN: "ケアプラン分析",
            cls.OTHER: "その他",
        }


class IssueKind(LabelledEnum):
    TRANSPORT = "transport"
    SHOPPING = "shopping"
    ISOLATION = "isolation"
    GARBAGE = "garbage"
    HOUSEWORK = "housework"
    PLACE = "place"
    VOLUNTEERS = "volunteers"
    DEMENTIA = "dementia"
    DISASTER = "disaster"
    HOUSING = "housing"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict:
        return {
            cls.TRANSPORT: "移動",
            cls.SHOPPING: "買い物",
            cls.ISOLATION: "見守り・孤立",
            cls.GARBAGE: "ゴミ出し",
            cls.HOUSEWORK: "家事",
            cls.PLACE: "居場所",
            cls.VOLUNTEERS: "担い手不足",
            cls.DEMENTIA: "認知症",
            cls.DISASTER: "災害・防災",
            cls.HOUSING: "住まい",
            cls.OTHER: "その他",
        }


class IssueState(LabelledEnum):
    NOTICED = "noticed"
    DISCUSSING = "discussing"
    ACTING = "acting"
    SOLVED = "solved"
    HANDED_OVER = "handed_over"

    @classmethod
    def _labels(cls) -> dict:
        return {
            cls.NOTICED: "把握",
            cls.DISCUSSING: "検討中",
            cls.ACTING: "対応中",
            cls.SOLVED: "解決",
            cls.HANDED_OVER: "引継ぎ",
        }

    @property
    def is_open(self) -> bool:
        return self not in (IssueState.SOLVED, IssueState.HANDED_OVER)


LEVELS = {1: "低", 2: "中", 3: "高"}  # 緊急度・重要度: three levels each


class LinkRelation(LabelledEnum):
    """An arrow on the KJ board."""

    CAUSE = "cause"  # from → to: 原因 → 結果
    RELATED = "related"
    CONFLICT = "conflict"

    @classmethod
    def _labels(cls) -> dict:
        return {cls.CAUSE: "原因→結果", cls.RELATED: "関連", cls.CONFLICT: "対立"}


class InitiativeKind(LabelledEnum):
    """The three kinds of STEP 3 work (地域資源の充実)."""

    PARTICIPATION = "participation"  # 3-1 多様な参加のきっかけづくり
    STRENGTHEN = "strengthen"  # 3-2 今ある活動やサービスの強化
    CREATE = "create"  # 3-3 新たな活動やサービスの開発

    @classmethod
    def _labels(cls) -> dict:
        return {
            cls.PARTICIPATION: "3-1 多様な参加のきっかけづくり",
            cls.STRENGTHEN: "3-2 今ある活動やサービスの強化",
            cls.CREATE: "3-3 新たな活動やサービスの開発",
        }

    @property
    def code(self) -> str:
        return self.label.split(" ", 1)[0]


class InitiativeState(LabelledEnum):
    IDEA = "idea"
    PREPARING = "preparing"
    RUNNING = "running"
    DONE = "done"
    PAUSED = "paused"

    @classmethod
    def _labels(cls) -> dict:
        return {
            cls.IDEA: "構想",
            cls.PREPARING: "準備中",
            cls.RUNNING: "実施中",
            cls.DONE: "完了",
            cls.PAUSED: "休止",
        }
