package io.trustlake.contracts.access.compiled;

import io.trustlake.contracts.rules.Grantee;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What compiled rule sets share so that a decision touches little memory of its own: a number for
 * every grantee (type and id) any of them names, and one {@link TagSpace} and purpose dictionary per
 * distinct set of names (most patients have the same ones). Numbers and shared parts are never
 * forgotten; they grow with the consortium's grantees and tag sets, not with its patients.
 *
 * <p>Thread-safe: numbering and sharing are atomic; lookups never block.
 */
final class Vocabulary {
    private final Map<Grantee.Type, ConcurrentHashMap<String, Integer>> grantees = new EnumMap<>(Grantee.Type.class);
    private final AtomicInteger nextGrantee = new AtomicInteger();
    private final ConcurrentHashMap<TagSpace.Key, TagSpace> tagSpaces = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, SortedNames> purposeNames = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Dictionaries, Dictionaries> dictionaries = new ConcurrentHashMap<>();

    Vocabulary() {
        for (Grantee.Type type : Grantee.Type.values()) {
            grantees.put(type, new ConcurrentHashMap<>());
        }
    }

    /** The grantee's number, assigned on first use; distinct for every (type, id). */
    int number(Grantee grantee) {
        return grantees.get(grantee.type()).computeIfAbsent(grantee.id(), id -> nextGrantee.getAndIncrement());
    }

    /** The number of a grantee some compiled rule names, or -1 (then no rule can name it). */
    int numberIfKnown(Grantee.Type type, String id) {
        Integer number = id == null ? null : grantees.get(type).get(id);
        return number == null ? -1 : number;
    }

    TagSpace tagSpace(Set<String> universe, Set<String> emergencyTags, Collection<String> ruleTags) {
        TreeSet<String> all = new TreeSet<>(universe);
        all.addAll(emergencyTags);
        all.addAll(ruleTags);
        TagSpace.Key key = new TagSpace.Key(List.copyOf(all), Set.copyOf(universe), Set.copyOf(emergencyTags));
        return tagSpaces.computeIfAbsent(key, TagSpace::of);
    }

    SortedNames purposes(Collection<String> purposes) {
        return purposeNames.computeIfAbsent(List.copyOf(new TreeSet<>(purposes)), SortedNames::of);
    }

    /** The shared dictionaries for this tag space and these purposes (both from this vocabulary). */
    Dictionaries dictionaries(TagSpace tags, SortedNames purposes) {
        Dictionaries wanted = new Dictionaries(this, tags, purposes);
        return dictionaries.computeIfAbsent(wanted, d -> d);
    }
}
