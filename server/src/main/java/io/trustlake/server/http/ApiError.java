package io.trustlake.server.http;

/** The body of every error response: a stable code and a plain-language message. */
public record ApiError(String error, String message) {}
