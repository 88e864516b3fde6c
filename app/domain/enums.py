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
