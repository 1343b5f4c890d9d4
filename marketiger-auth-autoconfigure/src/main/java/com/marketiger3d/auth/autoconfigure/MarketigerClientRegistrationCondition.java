package com.marketiger3d.auth.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the Spring Security OAuth2 Client registration the MarkeTiger provider
 * acts for is configured: {@code spring.security.oauth2.client.registration.<id>.*}, with
 * {@code <id>} from {@code marketiger.auth.oauth2-client.registration-id}
 * ({@code marketiger} by default).
 */
class MarketigerClientRegistrationCondition extends SpringBootCondition {

	static final String REGISTRATIONS = "spring.security.oauth2.client.registration";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("MarkeTiger OAuth2 client registration");
		Binder binder = Binder.get(context.getEnvironment());
		String id = binder.bind("marketiger.auth.oauth2-client.registration-id", String.class).orElse("marketiger");
		if (!ConfigurationPropertyName.isValid(REGISTRATIONS + "." + id)) {
			return ConditionOutcome.noMatch(message.because("registration id '" + id + "' is not a property name"));
		}
		boolean configured = binder.bind(REGISTRATIONS + "." + id, Bindable.mapOf(String.class, Object.class))
			.map(Map::isEmpty)
			.map((empty) -> !empty)
			.orElse(false);
		if (configured) {
			return ConditionOutcome.match(message.found("registration").items(REGISTRATIONS + "." + id));
		}
		return ConditionOutcome.noMatch(message.didNotFind("registration").items(REGISTRATIONS + "." + id));
	}

}
