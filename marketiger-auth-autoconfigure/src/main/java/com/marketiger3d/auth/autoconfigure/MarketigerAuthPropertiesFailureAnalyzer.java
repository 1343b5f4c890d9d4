package com.marketiger3d.auth.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an invalid {@code marketiger.auth.*} property at start-up.
 */
class MarketigerAuthPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMarketigerAuthPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidMarketigerAuthPropertyException cause) {
		return new FailureAnalysis("Invalid MarkeTiger3D auth configuration: '" + cause.getProperty() + "' " + cause
			.getProblem() + ".", "Update '" + cause.getProperty() + "' in your application's configuration. See the"
					+ " properties page of the marketiger-auth reference guide (docs/reference/properties.md) for every"
					+ " property and its default.",
				cause);
	}

}
