package io.trustlake.auth;

/** Whether an account may sign in. Lock-out states will be added with the lock-out issue. */
public enum AccountStatus {
    ACTIVE,
    DISABLED
}
