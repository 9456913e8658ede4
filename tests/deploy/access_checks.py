"""Checks on what the bootstrap grants CD: Secrets in the app namespaces, nothing more.

Each returns a list of problems, empty when all is well.
"""

from tests.deploy.gitops_checks import applications
from tests.deploy.manifests import Manifest, name_of, of_kind
from tests.deploy.workload_checks import pod_spec

CD_ACCOUNT = "hexa-monolith-cd"
WRITE_VERBS = {"create"}  # Kubernetes cannot narrow `create` to names
NAMED_VERBS = {"get", "patch"}  # what `kubectl apply` needs on an existing object


def secrets_referenced(objects: list[Manifest]) -> set[str]:
    """Every Secret an environment's objects read: env, pull secrets, alert receivers."""
    names = set()
    for obj in objects:
        pod = pod_spec(obj) if obj["kind"] in ("Deployment", "Job") else obj
        names |= {ref["name"] for ref in pod.get("imagePullSecrets", [])}
        for container in pod.get("containers", []):
            names |= {
                var["valueFrom"]["secretKeyRef"]["name"]
                for var in container.get("env", [])
                if "secretKeyRef" in var.get("valueFrom", {})
            }
        for receiver in obj.get("spec", {}).get("receivers", []):
            configs = receiver.get("webhookConfigs", []) + receiver.get("slackConfigs", [])
            names |= {c.get("urlSecret", c.get("apiURL", {})).get("name") for c in configs}
    return names


def cd_access_problems(bootstrap: list[Manifest], needed: dict[str, set[str]]) -> list[str]:
    """CD may write exactly the Secrets each app namespace needs (`needed`, by namespace)
    and nothing else; the namespaces exist before it, labelled as Argo CD labels them."""
    problems = [
        f"{name_of(obj)}: CD needs no cluster-wide right"
        for obj in of_kind(bootstrap, "ClusterRole", "ClusterRoleBinding")
    ]
    roles = {
        (r["metadata"]["namespace"], r["metadata"]["name"]): r for r in of_kind(bootstrap, "Role")
    }
    bound: dict[str, set[str]] = {}
    for binding in of_kind(bootstrap, "RoleBinding"):
        namespace = binding["metadata"]["namespace"]
        subjects = binding.get("subjects", [])
        if subjects != [{"kind": "ServiceAccount", "name": CD_ACCOUNT, "namespace": namespace}]:
            problems.append(f"{name_of(binding)} in {namespace}: binds more than {CD_ACCOUNT}")
        role = roles.get((namespace, binding["roleRef"]["name"]))
        if binding["roleRef"]["kind"] != "Role" or role is None:
            problems.append(f"{name_of(binding)} in {namespace}: binds no Role of its namespace")
            continue
        problems += [f"{name_of(role)} in {namespace}: {p}" for p in _rule_problems(role)]
        bound[namespace] = {
            name for rule in role["rules"] for name in rule.get("resourceNames", [])
        }
    for namespace, secrets in needed.items():
        if bound.get(namespace) != secrets:
            problems.append(
                f"{namespace}: CD may change {sorted(bound.get(namespace, []))}, "
                f"the environment reads {sorted(secrets)}"
            )
    return problems


def _rule_problems(role: Manifest) -> list[str]:
    problems = []
    for rule in role["rules"]:
        verbs = set(rule.get("verbs", []))
        if rule.get("apiGroups") != [""] or rule.get("resources") != ["secrets"]:
            problems.append(f"grants {rule.get('resources')} in {rule.get('apiGroups')}")
        if verbs - WRITE_VERBS - NAMED_VERBS:
            problems.append(f"grants {sorted(verbs - WRITE_VERBS - NAMED_VERBS)} on Secrets")
        if verbs & NAMED_VERBS and not rule.get("resourceNames"):
            problems.append(f"grants {sorted(verbs & NAMED_VERBS)} on every Secret")
    return problems


def namespace_problems(bootstrap: list[Manifest], argocd: list[Manifest]) -> list[str]:
    """The bootstrap creates each app namespace with the labels Argo CD keeps on it."""
    namespaces = {ns["metadata"]["name"]: ns for ns in of_kind(bootstrap, "Namespace")}
    problems = []
    for app in applications(argocd):
        namespace = app["spec"]["destination"]["namespace"]
        if not namespace.startswith("hexa-monolith-"):
            continue  # the platform's `logging` is Argo CD's to create
        labels = app["spec"]["syncPolicy"].get("managedNamespaceMetadata", {}).get("labels")
        if namespace not in namespaces:
            problems.append(f"{namespace}: not created by the bootstrap")
        elif namespaces[namespace]["metadata"].get("labels") != labels:
            problems.append(f"{namespace}: labelled unlike {name_of(app)} labels it")
    return problems
