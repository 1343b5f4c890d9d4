package com.marketiger3d.auth.api;

import java.util.Objects;

import com.marketiger3d.auth.api.MarketigerAuthObservationDocumentation.ReplayKeyNames;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;

/**
 * The observation of a replay as {@link MarketigerAuthObservationDocumentation#REPLAY}
 * documents it: named {@code marketiger.auth.replay}, with the {@code outcome} key.
 *
 * @since 0.1.0
 */
public class DefaultReplayObservationConvention implements ReplayObservationConvention {

	// Declared here as well as in the interface: the API check reads an inherited
	// default as an abstract method left to implement.
	@Override
	public boolean supportsContext(Observation.Context context) {
		return ReplayObservationConvention.super.supportsContext(context);
	}

	@Override
	public String getName() {
		// Each entry has a name; the documentation interface declares it nullable.
		return Objects.requireNonNull(MarketigerAuthObservationDocumentation.REPLAY.getName());
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ReplayObservationContext context) {
		return KeyValues.of(ReplayKeyNames.OUTCOME.withValue(outcome(context)));
	}

	private static String outcome(ReplayObservationContext context) {
		if (context.getError() != null) {
			return "error";
		}
		if (context.isCancelled()) {
			return "cancelled";
		}
		if (context.isSkipped()) {
			return "not-replayed";
		}
		Integer status = context.getStatusCode();
		return (status != null) ? (status / 100) + "xx" : "unknown";
	}

}
