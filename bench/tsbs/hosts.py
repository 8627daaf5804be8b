"""The simulated hosts of the TSBS cpu-only use case and their tags.

Every host has ten tags, fixed for its lifetime and drawn from the same
choices as TSBS: a region (nine AWS-style regions) with a datacenter inside
it, rack 0-99, os, arch, team, service 0-19, service_version 0-1 and
service_environment. Drawn with numpy from `seed`, so the same seed and scale
always give the same hosts.
"""

from __future__ import annotations

import dataclasses

import numpy as np

REGIONS = {
    "us-east-1": ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1e"],
    "us-west-1": ["us-west-1a", "us-west-1b"],
    "us-west-2": ["us-west-2a", "us-west-2b", "us-west-2c"],
    "eu-west-1": ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    "eu-central-1": ["eu-central-1a", "eu-central-1b"],
    "ap-southeast-1": ["ap-southeast-1a", "ap-southeast-1b"],
    "ap-southeast-2": ["ap-southeast-2a", "ap-southeast-2b"],
    "ap-northeast-1": ["ap-northeast-1a", "ap-northeast-1c"],
    "sa-east-1": ["sa-east-1a", "sa-east-1b", "sa-east-1c"],
}
OS_CHOICES = ["Ubuntu16.10", "Ubuntu16.04LTS", "Ubuntu15.10"]
ARCH_CHOICES = ["x64", "x86"]
TEAM_CHOICES = ["SF", "NYC", "LON", "CHI"]
ENVIRONMENT_CHOICES = ["production", "staging", "test"]
RACKS = 100
SERVICES = 20
SERVICE_VERSIONS = 2

# Column order of the tags, as TSBS writes them.
TAG_NAMES = [
    "hostname",
    "region",
    "datacenter",
    "rack",
    "os",
    "arch",
    "team",
    "service",
    "service_version",
    "service_environment",
]


@dataclasses.dataclass(frozen=True)
class Host:
    hostname: str
    region: str
    datacenter: str
    rack: str
    os: str
    arch: str
    team: str
    service: str
    service_version: str
    service_environment: str

    def tags(self) -> list[str]:
        return [getattr(self, name) for name in TAG_NAMES]


def make_hosts(scale: int, rng: np.random.Generator) -> list[Host]:
    """`scale` hosts named host_0 .. host_{scale-1}; draws from `rng`."""
    region_names = list(REGIONS)
    hosts = []
    for i in range(scale):
        region = region_names[rng.integers(len(region_names))]
        datacenters = REGIONS[region]
        hosts.append(
            Host(
                hostname=f"host_{i}",
                region=region,
                datacenter=datacenters[rng.integers(len(datacenters))],
                rack=str(rng.integers(RACKS)),
                os=OS_CHOICES[rng.integers(len(OS_CHOICES))],
                arch=ARCH_CHOICES[rng.integers(len(ARCH_CHOICES))],
                team=TEAM_CHOICES[rng.integers(len(TEAM_CHOICES))],
                service=str(rng.integers(SERVICES)),
                service_version=str(rng.integers(SERVICE_VERSIONS)),
                service_environment=ENVIRONMENT_CHOICES[rng.integers(len(ENVIRONMENT_CHOICES))],
            )
        )
    return hosts
