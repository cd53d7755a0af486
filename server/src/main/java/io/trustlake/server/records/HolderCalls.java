package io.trustlake.server.records;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy;
import java.util.concurrent.TimeUnit;

/**
 * Asks the data holders of one record request at once: calls to other organisations' nodes run on
 * a shared pool while this node's own selection runs on the calling thread (before it waits for
 * any call), so a request waits for its slowest holder rather than for all of them in turn.
 * Outcomes keep the holders' order. A holder that cannot be reached is an outcome (missing, with
 * the reason); any other failure (e.g. tampering found in this node's own data) is rethrown, and
 * calls still running are abandoned.
 */
final class HolderCalls {
    /**
     * Calls to other nodes, shared by all requests: threads are made as calls arrive (at most 32
     * at once, idle ones end after a minute); beyond that a call runs on the requesting thread.
     */
    private static final ExecutorService REMOTE = new ThreadPoolExecutor(
            0, 32, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), HolderCalls::thread, new CallerRunsPolicy());

    private HolderCalls() {}

    /** One holder's share, fetched or selected. */
    @FunctionalInterface
    interface Call {
        Shares.Share share() throws Federation.Unreachable;
    }

    /** A holder to ask: on this node ({@code here}) or over the network. */
    record Holder(Call call, boolean here) {}

    /** What one holder gave: its share, or (share null) why it is missing. */
    record Outcome(Shares.Share share, String missing) {
        boolean included() {
            return share != null;
        }
    }

    static List<Outcome> askAll(List<Holder> holders) {
        List<Future<Shares.Share>> remote = new ArrayList<>();
        for (Holder holder : holders) {
            remote.add(holder.here() ? null : REMOTE.submit(holder.call()::share));
        }
        Outcome[] outcomes = new Outcome[holders.size()];
        try {
            for (int i = 0; i < holders.size(); i++) {
                if (remote.get(i) == null) {
                    outcomes[i] = outcome(holders.get(i).call());
                }
            }
            for (int i = 0; i < holders.size(); i++) {
                if (remote.get(i) != null) {
                    Future<Shares.Share> call = remote.get(i);
                    outcomes[i] = outcome(() -> await(call));
                }
            }
        } finally {
            remote.stream().filter(call -> call != null && !call.isDone()).forEach(call -> call.cancel(true));
        }
        return List.of(outcomes);
    }

    private static Outcome outcome(Call call) {
        try {
            return new Outcome(call.share(), "");
        } catch (Federation.Unreachable e) {
            return new Outcome(null, e.getMessage());
        }
    }

    private static Shares.Share await(Future<Shares.Share> call) throws Federation.Unreachable {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrustlakeException(ErrorCode.INTERNAL, "interrupted while waiting for the data holders");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Federation.Unreachable unreachable) {
                throw unreachable;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new TrustlakeException(ErrorCode.INTERNAL, "a data holder's share could not be fetched", e);
        }
    }

    private static Thread thread(Runnable task) {
        Thread thread = new Thread(task, "trustlake-holder-call");
        thread.setDaemon(true);
        return thread;
    }
}
