package com.marketiger3d.auth.api;

import java.util.Objects;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a Login or RefreshToken call knows: which call it is and, once
 * it ended, how. It holds no credentials and no token.
 *
 * @since 0.1.0
 * @see MarketigerAuthObservationDocumentation#LOGIN
 * @see MarketigerAuthObservationDocumentation#REFRESH
 */
public class AuthCallObservationContext extends Observation.Context {

	private final AuthCall call;

	private volatile @Nullable AuthCallOutcome outcome;

	/**
	 * Create the context of one call.
	 * @param call the call observed
	 */
	public AuthCallObservationContext(AuthCall call) {
		this.call = Objects.requireNonNull(call, "call must not be null");
	}

	/**
	 * Return the call observed.
	 * @return Login or RefreshToken
	 */
	public AuthCall getCall() {
		return this.call;
	}

	/**
	 * Return how the call ended.
	 * @return the outcome, or {@code null} while the call runs
	 */
	public @Nullable AuthCallOutcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how the call ended.
	 * @param outcome the outcome
	 */
	public void setOutcome(AuthCallOutcome outcome) {
		this.outcome = outcome;
	}

}
