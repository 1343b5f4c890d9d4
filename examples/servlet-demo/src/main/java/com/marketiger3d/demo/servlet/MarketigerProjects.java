package com.marketiger3d.demo.servlet;

import tools.jackson.databind.JsonNode;

import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * The API's projects, as an HTTP service interface of the {@code marketiger} group: the
 * starter gives the group's client the base URL and the token.
 */
@HttpExchange("/Project")
interface MarketigerProjects {

	@GetExchange("/GetProjects")
	JsonNode projects();

}
