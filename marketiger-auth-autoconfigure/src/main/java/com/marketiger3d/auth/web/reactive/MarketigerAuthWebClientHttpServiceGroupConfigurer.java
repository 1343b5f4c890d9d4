package com.marketiger3d.auth.web.reactive;

import java.net.URI;
import java.util.Objects;

import org.springframework.core.Ordered;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;

/**
 * Gives the {@code WebClient} of an HTTP service group, {@code marketiger} by default,
 * the API's base URL and the token filter, so that the group's {@code @HttpExchange}
 * interfaces call the API with a valid token. Runs before Spring Boot's configurer of
 * {@code spring.http.serviceclient.<group>.*}, so that a base URL set there wins; the
 * token still goes only to the API's own origin.
 *
 * @since 0.1.0
 */
public final class MarketigerAuthWebClientHttpServiceGroupConfigurer implements WebClientHttpServiceGroupConfigurer {

	private final String groupName;

	private final URI baseUrl;

	private final MarketigerAuthExchangeFilterFunction filter;

	/**
	 * Create a configurer for one group.
	 * @param groupName the name of the group whose clients call the API
	 * @param baseUrl the API's base URL
	 * @param filter the filter that puts the token on the group's requests
	 */
	public MarketigerAuthWebClientHttpServiceGroupConfigurer(String groupName, URI baseUrl,
			MarketigerAuthExchangeFilterFunction filter) {
		this.groupName = Objects.requireNonNull(groupName, "groupName must not be null");
		this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl must not be null");
		this.filter = Objects.requireNonNull(filter, "filter must not be null");
	}

	@Override
	public void configureGroups(Groups<WebClient.Builder> groups) {
		groups.filterByName(this.groupName)
			.forEachClient((group, builder) -> builder.baseUrl(this.baseUrl.toString()).filter(this.filter));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
