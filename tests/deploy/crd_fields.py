"""The fields of the Argo CD and Prometheus Operator CRDs that the manifests use, as their
published schemas define them, to catch a misspelt or misplaced field offline.

A schema is a type (a field's value must be an instance), a dict of field -> schema (an
object that may hold only those fields), or a one-item list (every item has that schema).
`object` stands for a subtree not described here. GitHub CI validates the whole objects
against the published schemas (kubeconform, CRD catalog); this covers what the template
relies on, so that a typo fails here first instead of being ignored by the cluster.
"""

from typing import Any

Schema = Any

_DURATION = str
_SECRET_KEY = {"name": str, "key": str, "optional": bool}

_SOURCE = {"repoURL": str, "targetRevision": str, "path": str, "kustomize": object}
_DESTINATION = {"server": str, "name": str, "namespace": str}
_SYNC_POLICY = {
    "automated": {"prune": bool, "selfHeal": bool, "allowEmpty": bool, "enabled": bool},
    "syncOptions": [str],
    "retry": {
        "limit": int,
        "backoff": {"duration": str, "factor": int, "maxDuration": str},
    },
    "managedNamespaceMetadata": {"labels": {str: str}, "annotations": {str: str}},
}
_APPLICATION_SPEC = {
    "project": str,
    "source": _SOURCE,
    "destination": _DESTINATION,
    "syncPolicy": _SYNC_POLICY,
    "ignoreDifferences": [object],
    "revisionHistoryLimit": int,
}

_MATCHER = {"name": str, "value": str, "matchType": str, "regex": bool}
_ROUTE = {
    "receiver": str,
    "matchers": [_MATCHER],
    "groupBy": [str],
    "groupWait": _DURATION,
    "groupInterval": _DURATION,
    "repeatInterval": _DURATION,
    "continue": bool,
    "routes": [object],
    "muteTimeIntervals": [str],
    "activeTimeIntervals": [str],
}
_RECEIVER = {
    "name": str,
    "webhookConfigs": [
        {
            "url": str,
            "urlSecret": _SECRET_KEY,
            "sendResolved": bool,
            "maxAlerts": int,
            "httpConfig": object,
            "timeout": _DURATION,
        }
    ],
    "slackConfigs": [
        {
            "apiURL": _SECRET_KEY,
            "channel": str,
            "sendResolved": bool,
            "title": str,
            "text": str,
            "username": str,
            "httpConfig": object,
        }
    ],
}

SPECS: dict[str, Schema] = {
    "AppProject": {
        "description": str,
        "sourceRepos": [str],
        "destinations": [_DESTINATION],
        "clusterResourceWhitelist": [{"group": str, "kind": str}],
        "namespaceResourceWhitelist": [{"group": str, "kind": str}],
    },
    "Application": _APPLICATION_SPEC,
    "ApplicationSet": {
        "goTemplate": bool,
        "goTemplateOptions": [str],
        "generators": [{"list": {"elements": [{str: str}]}}],
        "syncPolicy": {"preserveResourcesOnDeletion": bool, "applicationsSync": str},
        "template": {
            "metadata": {"name": str, "labels": object, "annotations": object, "finalizers": [str]},
            "spec": _APPLICATION_SPEC,
        },
    },
    "AlertmanagerConfig": {"route": _ROUTE, "receivers": [_RECEIVER], "inhibitRules": [object]},
    "PrometheusRule": {
        "groups": [
            {
                "name": str,
                "interval": _DURATION,
                "rules": [
                    {
                        "alert": str,
                        "record": str,
                        "expr": str,
                        "for": _DURATION,
                        "keep_firing_for": _DURATION,
                        "labels": {str: str},
                        "annotations": {str: str},
                    }
                ],
            }
        ]
    },
    "ServiceMonitor": {
        "namespaceSelector": {"any": bool, "matchNames": [str]},
        "selector": {"matchLabels": {str: str}, "matchExpressions": [object]},
        "endpoints": [
            {
                "port": str,
                "targetPort": object,
                "path": str,
                "scheme": str,
                "interval": _DURATION,
                "scrapeTimeout": _DURATION,
                "relabelings": [object],
                "metricRelabelings": [object],
            }
        ],
        "jobLabel": str,
    },
}
ENUMS = {"matchType": {"=", "!=", "=~", "!~"}}


def field_problems(value: Any, schema: Schema, path: str) -> list[str]:
    """Fields `value` has that `schema` does not know, and values of the wrong type."""
    if schema is object:
        return []
    if isinstance(schema, list):
        if not isinstance(value, list):
            return [f"{path}: not a list"]
        return [
            p
            for i, item in enumerate(value)
            for p in field_problems(item, schema[0], f"{path}[{i}]")
        ]
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        if list(schema) == [str]:  # a map: any key, values of one schema
            return [
                p for k, v in value.items() for p in field_problems(v, schema[str], f"{path}.{k}")
            ]
        problems = []
        for key, item in value.items():
            where = f"{path}.{key}"
            if key not in schema:
                problems.append(f"{where}: no such field")
            elif key in ENUMS and item not in ENUMS[key]:
                problems.append(f"{where}: {item!r} is not one of {sorted(ENUMS[key])}")
            else:
                problems += field_problems(item, schema[key], where)
        return problems
    if (schema is int and isinstance(value, bool)) or not isinstance(value, schema):
        return [f"{path}: {value!r} is not a {schema.__name__}"]
    return []
