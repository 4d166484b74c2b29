"""Knowledge: the knowledge base (articles, the public help centre, votes, deflections, doc
requests) and macros (canned replies with actions). Depends on ``tickets`` (its services and
selectors), as ``knownissues`` does."""
