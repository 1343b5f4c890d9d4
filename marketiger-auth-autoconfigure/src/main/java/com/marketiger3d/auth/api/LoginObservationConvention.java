package com.marketiger3d.auth.api;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the observation of the Login call. Define a bean of this type to
 * change them (the auth client then uses it instead of
 * {@link DefaultLoginObservationConvention}); extend the default to keep its keys.
 *
 * @since 0.1.0
 * @see MarketigerAuthObservationDocumentation#LOGIN
 */
public interface LoginObservationConvention extends ObservationConvention<AuthCallObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof AuthCallObservationContext auth && auth.getCall() == AuthCall.LOGIN;
	}

}
