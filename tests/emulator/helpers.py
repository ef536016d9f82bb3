"""Talking to an emulated device the way a client does: requests, cookies, MD5 passwords."""
import hashlib

import requests


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


class Api:
    def __init__(self, url, cloud_url=None):
        self.url, self.cloud_url = url, cloud_url
        self.http = requests.Session()

    def call(self, method, **params):
        params = {k.replace("_", "-"): v for k, v in params.items()}
        answer = self.http.get(f"{self.url}/usapi", params={"method": method, **params}, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def result(self, method, **params):
        return self.call(method, **params)["result"]

    def cloud(self, method, **params):
        params = {k.replace("_", "-"): v for k, v in params.items()}
        answer = self.http.get(f"{self.cloud_url}/cloud-api", params={"method": method, **params}, timeout=10)
        return answer.json()

    def post(self, method, data=None, files=None, json=None, headers=None):
        answer = self.http.post(f"{self.url}/usapi", params={"method": method}, data=data, files=files,
                                json=json, headers=headers, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def login(self, user="Admin", password="Admin"):
        return self.result("login", id=user, **{"pass": md5(password)})


def logged_in(emu, user="Admin", password="Admin"):
    api = Api(emu.url, emu.cloud_url)
    assert api.login(user, password) == 0
    return api
