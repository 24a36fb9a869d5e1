-- mcp-sessions 0.1: one row per MCP session. See docs/configuration.md ("Database schema").
-- MariaDB 10.6+ (and MySQL 8+). Times are DATETIME(3) in UTC; ids compare case-sensitively.
CREATE TABLE IF NOT EXISTS mcp_session (
    id                  VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    format_version      INT          NOT NULL,
    protocol_version    VARCHAR(64),
    client_info         JSON         NOT NULL,
    client_capabilities JSON         NOT NULL,
    owner               VARCHAR(4096),
    created_at          DATETIME(3)  NOT NULL,
    last_accessed_at    DATETIME(3)  NOT NULL,
    expires_at          DATETIME(3)  NOT NULL,
    attributes          JSON         NOT NULL,
    INDEX mcp_session_expires_at_idx (expires_at),
    INDEX mcp_session_owner_idx (owner(191))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
