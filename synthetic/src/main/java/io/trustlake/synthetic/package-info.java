/**
 * Synthetic consortium data. {@link io.trustlake.synthetic.SyntheaGenerator} runs Synthea in a
 * child JVM (Synthea pins HAPI FHIR 6.1, so it never shares a classpath with the application) and
 * caches its FHIR R4 output; {@link io.trustlake.synthetic.ConsortiumSplitter} turns that output into
 * per-hospital source bundles with Trustlake patient ids, as a demo consortium's hospitals would
 * hold them.
 */
package io.trustlake.synthetic;
