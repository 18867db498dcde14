"""Online survey campaigns: a link or a QR code, answered on a phone.

Holds: `service` (a campaign's life: create, invite, links, close, reopen, extend, revoke; its status),
`answering` (what a link opens: the respondent's items filtered by role, answers saved one by one, submit),
`web` (the respondent's pages: server-rendered HTML on Starlette routes under /s/, outside the sign-in).
May import: `workspace` (its services: respondents, answers; transactions, the audit log), `storage`, the
questionnaire model, the foundation. Never imported by the layers below it.
"""
