package com.marketiger3d.auth.api;

import java.util.Objects;

import com.marketiger3d.auth.api.MarketigerAuthObservationDocumentation.AuthCallKeyNames;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;

/**
 * The observation of the RefreshToken call as
 * {@link MarketigerAuthObservationDocumentation#REFRESH} documents it: named
 * {@code marketiger.auth.refresh}, contextual name {@code RefreshToken}, and the
 * {@code outcome} key.
 *
 * @since 0.1.0
 */
public class DefaultRefreshObservationConvention implements RefreshObservationConvention {

	// Declared here as well as in the interface: the API check reads an inherited
	// default as an abstract method left to implement.
	@Override
	public boolean supportsContext(Observation.Context context) {
		return RefreshObservationConvention.super.supportsContext(context);
	}

	@Override
	public String getName() {
		// Each entry has a name; the documentation interface declares it nullable.
		return Objects.requireNonNull(MarketigerAuthObservationDocumentation.REFRESH.getName());
	}

	@Override
	public String getContextualName(AuthCallObservationContext context) {
		return context.getCall().toString();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(AuthCallObservationContext context) {
		return KeyValues
			.of(AuthCallKeyNames.OUTCOME.withValue(AuthCallOutcome.tagValueOrUnknown(context.getOutcome())));
	}

}
