"""The closed and open enumerations of the database: industries, product lines, statuses, roles …"""

from __future__ import annotations

__all__ = [
    "INDUSTRIES",
    "REGIONS",
    "PRODUCT_LINES",
    "CHANNELS",
    "ORDER_STATUSES",
    "INTERACTION_TYPES",
    "TITLES",
    "DECISION_ROLES",
    "ATTITUDES",
    "RELATIONSHIP_LAYERS",
    "VOC_CATEGORIES",
    "TICKET_CATEGORIES",
    "SEVERITIES",
    "STAGES",
    "TEAM_ROLES",
    "ORG_RELATION_KINDS",
    "PLAN_ACTION_KINDS",
]

INDUSTRIES = ("Manufacturing", "Retail", "Healthcare", "Finance", "Energy", "Logistics", "Public sector", "Technology")
REGIONS = ("North", "East", "South", "West", "Central")
PRODUCT_LINES = ("Hardware", "Software", "Services", "Spare parts", "Consumables")
CHANNELS = ("Direct sales", "Distributor", "Online")
ORDER_STATUSES = ("completed", "cancelled", "returned")
INTERACTION_TYPES = ("call", "email", "visit", "event")
TITLES = (
    "General Manager",
    "Chief Financial Officer",
    "Chief Technology Officer",
    "Operations Director",
    "Project Manager",
    "IT Manager",
    "Plant Manager",
    "Engineer",
    "Technician",
    "Purchasing Manager",
    "Procurement Officer",
    "Executive Assistant",
)
DECISION_ROLES = ("decision maker", "influencer", "user", "gatekeeper", "coach")
ATTITUDES = ("supporter", "neutral", "opponent")
RELATIONSHIP_LAYERS = ("key-person", "broad")  # the organisational layer is company-level: org_relations
VOC_CATEGORIES = ("product quality", "delivery", "price", "service", "technical support", "process")
TICKET_CATEGORIES = ("technical issue", "delivery", "billing", "customisation request", "complaint")
SEVERITIES = ("low", "medium", "high")
STAGES = ("lead", "opportunity", "contract", "collected", "lost")

# the key-account tables
# the iron triangle (account, solution and fulfilment responsible) and IS, the account's owner in the shared
# inside-sales pool
TEAM_ROLES = ("AR", "SR", "FR", "IS")
ORG_RELATION_KINDS = ("executive visit", "top-to-top meeting", "joint event", "framework agreement")
PLAN_ACTION_KINDS = ("visit", "call", "event", "executive visit", "top-to-top meeting")
