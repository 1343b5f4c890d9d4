package com.marketiger3d.auth.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code marketiger.auth.sessions.connect-uri} has a value: a blank one
 * switches the answer off, as leaving the property out does.
 */
class ConnectUriCondition extends SpringBootCondition {

	private static final String PROPERTY = "marketiger.auth.sessions.connect-uri";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (StringUtils.hasText(context.getEnvironment().getProperty(PROPERTY))) {
			return ConditionOutcome.match(PROPERTY + " is set");
		}
		return ConditionOutcome.noMatch(PROPERTY + " is not set");
	}

}
