package io.trustlake.ledger.raft;

import java.util.List;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** The Ratis settings a node's Raft peer and client run with, derived from {@link RaftConfig}. */
final class RaftProperties {
    private RaftProperties() {}

    static org.apache.ratis.conf.RaftProperties forServer(RaftConfig config) {
        org.apache.ratis.conf.RaftProperties properties = common();
        RaftServerConfigKeys.setStorageDir(
                properties, List.of(config.directory().resolve("raft").toFile()));
        NettyConfigKeys.Server.setPort(
                properties,
                config.listenPort() != 0
                        ? config.listenPort()
                        : port(config.member().address()));
        TimeDuration min =
                TimeDuration.valueOf(config.electionTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, min);
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, min.multiply(2));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, config.snapshotEvery());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
        RaftServerConfigKeys.Log.setPurgeGap(properties, (int) Math.min(Integer.MAX_VALUE, config.snapshotEvery()));
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf(config.segmentBytes()));
        RaftServerConfigKeys.Log.setPreallocatedSize(
                properties, SizeInBytes.valueOf(Math.min(config.segmentBytes(), 1L << 20)));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties, SizeInBytes.valueOf("8MB"));
        RaftServerConfigKeys.Log.setWriteBufferSize(properties, SizeInBytes.valueOf("16MB"));
        return properties;
    }

    static org.apache.ratis.conf.RaftProperties forClient() {
        org.apache.ratis.conf.RaftProperties properties = common();
        RaftClientConfigKeys.Rpc.setRequestTimeout(
                properties, TimeDuration.valueOf(5, java.util.concurrent.TimeUnit.SECONDS));
        return properties;
    }

    /** Retry for up to about a minute, so a batch survives a leader election or a restart. */
    static RetryPolicy clientRetry() {
        return RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                300, TimeDuration.valueOf(200, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    private static org.apache.ratis.conf.RaftProperties common() {
        org.apache.ratis.conf.RaftProperties properties = new org.apache.ratis.conf.RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.NETTY);
        return properties;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
