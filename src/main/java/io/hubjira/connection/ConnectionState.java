package io.hubjira.connection;

/** A connection syncs while ACTIVE; a REVOKED one keeps its row, items and links, with its tokens erased. */
public enum ConnectionState { ACTIVE, REVOKED }
