-- mcp-sessions 0.1: one row per MCP session. See docs/configuration.md ("Database schema").
-- Times are timestamptz; client_info, client_capabilities and attributes are JSON objects.
CREATE TABLE IF NOT EXISTS mcp_session (
    id                  VARCHAR(128) NOT NULL PRIMARY KEY,
    format_version      INTEGER      NOT NULL,
    protocol_version    VARCHAR(64),
    client_info         JSONB        NOT NULL,
    client_capabilities JSONB        NOT NULL,
    owner               TEXT,
    created_at          TIMESTAMPTZ  NOT NULL,
    last_accessed_at    TIMESTAMPTZ  NOT NULL,
    expires_at          TIMESTAMPTZ  NOT NULL,
    attributes          JSONB        NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS mcp_session_expires_at_idx ON mcp_session (expires_at);
-- A hash index: owners of any length (a B-tree entry is limited to about 2.7 kB).
CREATE INDEX IF NOT EXISTS mcp_session_owner_idx ON mcp_session USING HASH (owner);
