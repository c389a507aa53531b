"""Who may do what: staff accounts, roles, IDO locations, sessions and API tokens.

- models: StaffAccount, IdoLocation, StaffSession, ApiToken
- access: Principal (the account or token behind a request) and the scopes
- locations: the IDO locations, taken from the knowledge data
- staff: create and manage accounts, log in (argon2, lockout), sessions, CSRF tokens
- tokens: API tokens for programs (scopes, location, expiry)
"""
