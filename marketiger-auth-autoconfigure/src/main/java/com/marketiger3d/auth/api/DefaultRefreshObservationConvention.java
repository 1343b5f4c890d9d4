package com.marketiger3d.auth.api;

import com.marketiger3d.auth.api.MarketigerAuthObservationDocumentation.AuthCallKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The observation of the RefreshToken call as
 * {@link MarketigerAuthObservationDocumentation#REFRESH} documents it: named
 * {@code marketiger.auth.refresh}, contextual name {@code RefreshToken}, and the
 * {@code outcome} key.
 *
 * @since 0.1.0
 */
public class DefaultRefreshObservationConvention implements RefreshObservationConvention {

	@Override
	public String getName() {
		return MarketigerAuthObservationDocumentation.REFRESH.getName();
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
