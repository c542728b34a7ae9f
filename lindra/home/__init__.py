"""The top floor: each role's home page, put together from every domain, the audit log page,
and the list of periodic jobs. Imported by no other app."""
