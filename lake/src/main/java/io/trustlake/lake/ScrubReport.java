package io.trustlake.lake;

import java.util.List;

/**
 * What one scrub of the raw zone found: every raw object the catalog refers to was checked, and is
 * either healthy, repaired (put back byte for byte, verified against its hashes), or unrepairable
 * with the reason. Release copies in the structured zone were checked too; a missing or damaged one
 * was made again from the (healthy or restored) raw zone.
 *
 * @param checked how many raw objects were checked
 * @param healthy the objects that matched every hash, in key order
 * @param repaired the objects that were missing or damaged and are now restored, in key order
 * @param unrepairable the objects that are missing or damaged and could not be restored, in key
 *     order; the raw zone was left as it was for them
 * @param rebuiltCopies the release copies that were missing or damaged and were made again from
 *     the raw zone (their resources' catalog entries now point to the new copies)
 */
public record ScrubReport(
        int checked,
        List<ObjectKey> healthy,
        List<Repaired> repaired,
        List<Unrepairable> unrepairable,
        List<ObjectKey> rebuiltCopies) {
    public ScrubReport {
        healthy = List.copyOf(healthy);
        repaired = List.copyOf(repaired);
        unrepairable = List.copyOf(unrepairable);
        rebuiltCopies = List.copyOf(rebuiltCopies);
    }

    /** A report in which no release copy needed rebuilding. */
    public ScrubReport(int checked, List<ObjectKey> healthy, List<Repaired> repaired, List<Unrepairable> unrepairable) {
        this(checked, healthy, repaired, unrepairable, List.of());
    }

    /** Whether every object is healthy or was repaired. */
    public boolean allGood() {
        return unrepairable.isEmpty();
    }

    /** What was wrong with a raw object. */
    public enum Problem {
        /** The object is not in the store. */
        MISSING,
        /** The object is there, but its bytes no longer match the catalog's or its own hash. */
        CORRUPTED
    }

    /**
     * A raw object that was put back.
     *
     * @param key the raw object
     * @param problem what was wrong with it
     * @param resources how many catalogued resources it holds
     */
    public record Repaired(ObjectKey key, Problem problem, int resources) {}

    /**
     * A raw object that could not be put back.
     *
     * @param key the raw object
     * @param problem what is wrong with it
     * @param reason why it could not be restored, in plain language, naming the resource and source
     */
    public record Unrepairable(ObjectKey key, Problem problem, String reason) {}
}
