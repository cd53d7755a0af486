package io.trustlake.auth;

import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Accounts in a RocksDB database of their own, keyed by user id ({@code organisation:username}), so
 * a username is unique within its organisation. Values are canonical JSON.
 *
 * <p>Thread-safe: reads run concurrently; {@link #create} and {@link #update} are serialised so the
 * existence check and the write are atomic. Storage errors are {@link AuthException}s with code
 * {@code STORAGE_FAILURE}. Close the store after use; methods must not be called after close.
 */
public final class AccountStore implements AutoCloseable {
    private static final String KEY_PREFIX = "account/";

    private final RocksDB database;
    private final Options options;
    private final Object writeLock = new Object();

    private AccountStore(RocksDB database, Options options) {
        this.database = database;
        this.options = options;
    }

    /** Opens (creating if needed) the store in a directory that no other process uses. */
    public static AccountStore open(Path directory) {
        RocksDB.loadLibrary();
        Options options = new Options().setCreateIfMissing(true);
        try {
            Files.createDirectories(directory);
            return new AccountStore(RocksDB.open(options, directory.toString()), options);
        } catch (RocksDBException | IOException e) {
            options.close();
            throw new AuthException(ErrorCode.STORAGE_FAILURE, "cannot open the account store", e);
        }
    }

    /** Stores a new account; {@code CONFLICT} if its organisation already has that username. */
    public void create(Account account) {
        synchronized (writeLock) {
            if (read(key(account.userId())).isPresent()) {
                throw new AuthException(ErrorCode.CONFLICT, "account already exists: " + account.userId());
            }
            write(account);
        }
    }

    /** Replaces an existing account (same user id); {@code NOT_FOUND} if there is none. */
    public void update(Account account) {
        synchronized (writeLock) {
            if (read(key(account.userId())).isEmpty()) {
                throw new AuthException(ErrorCode.NOT_FOUND, "no such account: " + account.userId());
            }
            write(account);
        }
    }

    /**
     * Replaces the password hash only if it is still {@code expected}, so a rehash at login cannot
     * undo a password change made meanwhile. Returns whether the hash was replaced.
     */
    public boolean replacePasswordHash(String userId, String expected, String replacement) {
        synchronized (writeLock) {
            Optional<Account> current = findByUserId(userId);
            if (current.isEmpty() || !current.get().passwordHash().equals(expected)) {
                return false;
            }
            write(current.get().withPasswordHash(replacement));
            return true;
        }
    }

    public Optional<Account> findByUserId(String userId) {
        return read(key(userId)).map(bytes -> Json.decode(bytes, Account.class));
    }

    public Optional<Account> findByUsername(String organisationId, String username) {
        return findByUserId(organisationId + ":" + username);
    }

    /** Every account, ordered by user id. */
    public List<Account> list() {
        byte[] prefix = KEY_PREFIX.getBytes(StandardCharsets.UTF_8);
        List<Account> accounts = new ArrayList<>();
        try (RocksIterator iterator = database.newIterator()) {
            for (iterator.seek(prefix); iterator.isValid() && startsWith(iterator.key(), prefix); iterator.next()) {
                accounts.add(Json.decode(iterator.value(), Account.class));
            }
            iterator.status();
        } catch (RocksDBException e) {
            throw new AuthException(ErrorCode.STORAGE_FAILURE, "cannot list accounts", e);
        }
        return accounts;
    }

    /**
     * Replaces an account through a function of its current state, atomically with respect to
     * every other write; returns the stored result, or empty if there is no such account.
     */
    public Optional<Account> modify(String userId, java.util.function.UnaryOperator<Account> change) {
        synchronized (writeLock) {
            Optional<Account> current = findByUserId(userId);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Account changed = change.apply(current.get());
            if (!changed.userId().equals(userId)) {
                throw new AuthException(ErrorCode.INTERNAL, "an update cannot change the user id");
            }
            write(changed);
            return Optional.of(changed);
        }
    }

    /** Raw entries beside the accounts (refresh tokens, security events); keys never start with {@code account/}. */
    Optional<byte[]> get(String key) {
        return read(key.getBytes(StandardCharsets.UTF_8));
    }

    void put(String key, byte[] value) {
        if (key.startsWith(KEY_PREFIX)) {
            throw new AuthException(ErrorCode.INTERNAL, "reserved key");
        }
        try {
            database.put(key.getBytes(StandardCharsets.UTF_8), value);
        } catch (RocksDBException e) {
            throw new AuthException(ErrorCode.STORAGE_FAILURE, "cannot write the account store", e);
        }
    }

    /** Values of the entries whose key starts with {@code prefix}, in key order, at most {@code limit}. */
    List<byte[]> scan(String prefix, int limit) {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        List<byte[]> values = new ArrayList<>();
        try (RocksIterator iterator = database.newIterator()) {
            for (iterator.seek(start);
                    iterator.isValid() && startsWith(iterator.key(), start) && values.size() < limit;
                    iterator.next()) {
                values.add(iterator.value());
            }
            iterator.status();
        } catch (RocksDBException e) {
            throw new AuthException(ErrorCode.STORAGE_FAILURE, "cannot read the account store", e);
        }
        return values;
    }

    /** Like {@link #scan} but newest-last keys are returned newest first. */
    List<byte[]> scanBackwards(String prefix, int limit) {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] end = (prefix + "\uffff").getBytes(StandardCharsets.UTF_8);
        List<byte[]> values = new ArrayList<>();
        try (RocksIterator iterator = database.newIterator()) {
            for (iterator.seekForPrev(end);
                    iterator.isValid() && startsWith(iterator.key(), start) && values.size() < limit;
                    iterator.prev()) {
                values.add(iterator.value());
            }
            iterator.status();
        } catch (RocksDBException e) {
            throw new AuthException(ErrorCode.STORAGE_FAILURE, "cannot read the account store", e);
        }
        return values;
    }

    @Override
    public void close() {
        database.close();
        options.close();
    }

    private Optional<byte[]> read(byte[] key) {
        try {
            return Optional.ofNullable(database.get(key));
        } catch (RocksDBException e) {
            throw new AuthException(ErrorCode.STORAGE_FAILURE, "cannot read the account store", e);
        }
    }

    private void write(Account account) {
        try {
            database.put(key(account.userId()), Json.encode(account));
        } catch (RocksDBException e) {
            throw new AuthException(ErrorCode.STORAGE_FAILURE, "cannot write account " + account.userId(), e);
        }
    }

    private static byte[] key(String userId) {
        return (KEY_PREFIX + userId).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
