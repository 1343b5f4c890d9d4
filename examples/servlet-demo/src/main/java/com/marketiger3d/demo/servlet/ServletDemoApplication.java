package com.marketiger3d.demo.servlet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * A Spring MVC application that calls the MarkeTiger3D API through the starter's
 * {@code marketigerRestClient} and through an HTTP service interface of the
 * {@code marketiger} group. Without a configured base URL it runs against an embedded API
 * simulator.
 */
@SpringBootApplication
@ImportHttpServices(group = "marketiger", types = MarketigerProjects.class)
public class ServletDemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(ServletDemoApplication.class, args);
	}

}
