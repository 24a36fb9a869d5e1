-- mcp-sessions 0.1: one row per MCP session. See docs/configuration.md ("Database schema").
-- client_info, client_capabilities and attributes hold JSON object text.
CREATE TABLE IF NOT EXISTS mcp_session (
    id                  VARCHAR(128)                NOT NULL PRIMARY KEY,
    format_version      INTEGER                     NOT NULL,
    protocol_version    VARCHAR(64),
    client_info         CHARACTER LARGE OBJECT      NOT NULL,
    client_capabilities CHARACTER LARGE OBJECT      NOT NULL,
    owner               VARCHAR(4096),
    created_at          TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    last_accessed_at    TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    attributes          CHARACTER LARGE OBJECT      NOT NULL
);
CREATE INDEX IF NOT EXISTS mcp_session_expires_at_idx ON mcp_session (expires_at);
CREATE INDEX IF NOT EXISTS mcp_session_owner_idx ON mcp_session (owner);
