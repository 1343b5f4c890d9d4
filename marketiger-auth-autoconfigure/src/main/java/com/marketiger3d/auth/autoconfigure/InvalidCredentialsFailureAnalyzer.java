package com.marketiger3d.auth.autoconfigure;

import com.marketiger3d.auth.api.InvalidCredentialsException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a failed login at start-up ({@code marketiger.auth.login-on-startup=true}).
 */
class InvalidCredentialsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCredentialsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidCredentialsException cause) {
		return new FailureAnalysis("The MarkeTiger3D API rejected the login at start-up: " + cause.getMessage(),
				"Check 'marketiger.auth.email' and 'marketiger.auth.password', and that 'marketiger.auth.base-url'"
						+ " points at the API the account belongs to.",
				cause);
	}

}
