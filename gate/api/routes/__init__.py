"""HTTP routes: parse the request, call a service, map the result to a response model."""
