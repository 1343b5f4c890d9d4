package com.marketiger3d.auth.api;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the observation of a replay after a 401. Define a bean of this type
 * to change them (the filter and the interceptor then use it instead of
 * {@link DefaultReplayObservationConvention}); extend the default to keep its keys.
 *
 * @since 0.1.0
 * @see MarketigerAuthObservationDocumentation#REPLAY
 */
public interface ReplayObservationConvention extends ObservationConvention<ReplayObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ReplayObservationContext;
	}

}
