package io.trustlake.cli;

import io.trustlake.common.error.TrustlakeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trustlake} command. */
@Command(
        name = "trustlake",
        mixinStandardHelpOptions = true,
        version = "trustlake 0.1.0",
        description = "Patient-controlled sharing of health data across a consortium of hospitals.",
        subcommands = {
            DemoCommand.class,
            InitCommand.class,
            NodeCommand.class,
            IngestCommand.class,
            ScrubCommand.class,
            VerifyCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        io.trustlake.ledger.raft.CommonPool.ensureParallel();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; failures print a one-line reason and exit non-zero. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** As {@link #commandLine()}, with commands made by {@code factory} (tests inject their environment). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine commandLine = new CommandLine(new Main(), factory);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof TrustlakeException t) {
                cmd.getErr().println("trustlake: " + t.getMessage() + " [" + t.code() + "]");
                return exitCode(t);
            }
            cmd.getErr().println("trustlake: unexpected failure: " + e + " (see trustlake.log)");
            org.slf4j.LoggerFactory.getLogger(Main.class).error("Unexpected failure", e);
            return 1;
        });
        return commandLine;
    }

    static int exitCode(TrustlakeException e) {
        return switch (e.code().category()) {
            case INVALID, NOT_FOUND -> 2;
            case UNAVAILABLE -> 4;
            default -> e.code() == io.trustlake.common.error.ErrorCode.TAMPERING_DETECTED ? 3 : 1;
        };
    }
}
