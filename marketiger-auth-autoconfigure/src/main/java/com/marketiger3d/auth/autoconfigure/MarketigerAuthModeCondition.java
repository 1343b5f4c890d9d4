package com.marketiger3d.auth.autoconfigure;

import com.marketiger3d.auth.autoconfigure.MarketigerAuthProperties.Mode;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code marketiger.auth.mode}, bound as the properties bind it (so
 * {@code per-user} and {@code PER_USER} alike), is the mode of the subclass.
 */
abstract class MarketigerAuthModeCondition extends SpringBootCondition {

	private final Mode mode;

	MarketigerAuthModeCondition(Mode mode) {
		this.mode = mode;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Mode configured = Binder.get(context.getEnvironment())
			.bind("marketiger.auth.mode", Mode.class)
			.orElse(Mode.SERVICE_ACCOUNT);
		String message = "marketiger.auth.mode is " + configured;
		return (configured == this.mode) ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
	}

	/**
	 * Matches {@code marketiger.auth.mode=service-account}, the default.
	 */
	static final class ServiceAccount extends MarketigerAuthModeCondition {

		ServiceAccount() {
			super(Mode.SERVICE_ACCOUNT);
		}

	}

	/**
	 * Matches {@code marketiger.auth.mode=per-user}.
	 */
	static final class PerUser extends MarketigerAuthModeCondition {

		PerUser() {
			super(Mode.PER_USER);
		}

	}

}
