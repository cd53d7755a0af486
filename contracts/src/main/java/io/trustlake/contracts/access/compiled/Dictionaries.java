package io.trustlake.contracts.access.compiled;

/**
 * What a compiled rule set decides with besides its own rows: the grantee numbers, its tags and its
 * purposes. Interned by the {@link Vocabulary}, so that rule sets with the same names share one
 * instance (and it stays in the CPU caches). Immutable and thread-safe.
 */
record Dictionaries(Vocabulary vocabulary, TagSpace tags, SortedNames purposes) {}
