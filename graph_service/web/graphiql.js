// GraphiQL from the files the service ships; the dashboard's session token, if any, is sent along.
(function () {
  const token = sessionStorage.getItem("graph-service-token");
  const fetcher = GraphiQL.createFetcher({
    url: "/graphql",
    headers: token ? { Authorization: "Bearer " + token } : {},
  });
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true }));
})();
