/**
 * JMH benchmarks of the token filter's hot path, end-to-end throughput, and a storm of
 * callers arriving just after the access token expired. See {@code docs/benchmarks.md}.
 */
@NullMarked
package com.marketiger3d.auth.benchmarks;

import org.jspecify.annotations.NullMarked;
