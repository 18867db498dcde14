"""Accounts and access: who signs in, and what each one may see and do.

Holds: `passwords` (argon2id hashes and the rules a password must meet), `users` (accounts, sign-in with its
throttle, the first administrator), `sessions` (the signed cookie and the sign-in sessions it names),
`memberships` (each assessment's lead, consultants and viewers, and what a role may do), `single_sign_on`
(OpenID Connect: the organisation's provider vouches for an e-mail address, which names a local account), `web`
(the sign-in pages and the gate in front of the app).
May import: `workspace` (its core: transactions, the audit log, WorkspaceError), `storage`, the foundation.
Never imported by: `workspace`, `storage`, `inputs`, `questionnaire`, `analysis`, `exports`, `report` — access is
decided above the services, by the pages and the command line, which ask here before they call them.
"""
