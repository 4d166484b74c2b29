"""What bulk tickets look like: how statuses, categories and tiers are spread, and their texts."""

from tickets.states import Category, Status

BULK_ORGANIZATIONS = 8
BULK_CUSTOMERS_PER_ORGANIZATION = 5
BULK_TAGS = ["checkout", "performance", "email", "deploy", "billing", "mobile"]
TAGGED_SHARE = 0.25
# Due instants of the status timers, in days after entering the status (the defaults of
# ``tickets.timers``): (status, field, days).
DUE_INSTANTS = [
    (Status.PENDING, "remind_at", 3),
    (Status.WAITING_ON_CUSTOMER, "wait_until", 10),
    (Status.RESOLVED, "close_at", 3),
]
ASSIGNED_SHARE = 0.75

# How a working desk's tickets are spread: mostly closed, a fifth open.
STATUS_WEIGHTS = {
    Status.OPEN: 20,
    Status.PENDING: 10,
    Status.WAITING_ON_CUSTOMER: 8,
    Status.ON_HOLD: 5,
    Status.REVIEW: 7,
    Status.RESOLVED: 10,
    Status.CLOSED: 40,
}
CATEGORY_WEIGHTS = {
    Category.URGENT_ISSUE: 5,
    Category.SERVER_ISSUE: 10,
    Category.ISSUE_WITH_ERROR: 35,
    Category.ISSUE_NO_ERROR: 30,
    Category.QUESTION: 20,
}
# By tier slug (escalation's data migration); a tier not listed here gets the default weight.
TIER_WEIGHTS = {"triage": 20, "t1": 25, "t2": 20, "t3": 15, "t4": 8, "t5": 5, "on-call": 7}
DEFAULT_TIER_WEIGHT = 5

SUBJECTS = {
    Category.URGENT_ISSUE: [
        "Site is down after the last deploy",
        "Production database is unreachable",
        "Checkout is broken for every customer",
    ],
    Category.SERVER_ISSUE: [
        "Server disk almost full",
        "Cron jobs stopped running",
        "Backups did not run last night",
    ],
    Category.ISSUE_WITH_ERROR: [
        "Checkout page shows a 500 error",
        "Payment webhook times out",
        "API returns 401 with a valid key",
        "Export fails with 'invalid date'",
    ],
    Category.ISSUE_NO_ERROR: [
        "Search results are in the wrong order",
        "Password reset email never arrives",
        "Images do not load on mobile",
        "Prices show without tax on the cart page",
    ],
    Category.QUESTION: [
        "How do I export my invoices?",
        "Can we add a second admin user?",
        "Which browsers do you support?",
    ],
}
BROWSERS = ["Firefox 133", "Chrome 131", "Safari 18.1", "Edge 131", ""]
VERSIONS = ["4.2.1", "4.2.0", "4.1.7", "3.9.12", ""]
DESCRIPTION = (
    "**{subject}.**\n\nSeen since {day} on {url}. It happens for most of our users; "
    "we have not changed anything on our side.\n\n- browser: {browser}\n- version: {version}\n"
)
CUSTOMER_BODIES = [
    "Still broken on our side, see the screenshot in the description.",
    "Thanks, that helped. One more question about the same page.",
    "It happened again this morning around nine.",
]
STAFF_BODIES = [
    "Thanks for the report. We are looking into it and will update you here.",
    "Could you try again now? We deployed a fix an hour ago.",
    "This is fixed in 4.2.1; please clear the cache and try again.",
]
