package io.trustlake.auth;

/** What an account is for; carried in every token as the {@code role} claim. */
public enum Role {
    PATIENT,
    PROFESSIONAL,
    RESEARCHER,
    ADMIN,
    AUDITOR
}
